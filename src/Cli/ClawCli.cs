using System.CommandLine;
using System.Text.Json;
using Claw.Client;

namespace Claw.Cli;

/// <summary>The <c>claw</c> command tree, and how a command's outcome becomes an exit code (see <see cref="ExitCodes"/>).</summary>
internal static class ClawCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error);
        var root = new RootCommand("claw: the Claw.Orleans command line. The server is CLAW_URL (or --url); credentials come from CLAW_API_KEY.")
        {
            TasksCommand.Build(context),
            NodesCommand.Build(context),
            WorkflowsCommand.Build(context),
            SwarmsCommand.Build(context),
            KeysCommand.Build(context),
            StatusCommand.Build(context),
        };
        root.Options.Add(CliContext.Json);
        root.Options.Add(CliContext.Url);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"claw: {problem.Message}");
            }

            await error.WriteLineAsync("Try 'claw --help'.");
            return ExitCodes.Usage;
        }

        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, interrupt.Token);
    }

    /// <summary>Gives <paramref name="command"/> its body, with the client made and every failure turned into an exit code and one line on standard error.</summary>
    public static void Run(this Command command, CliContext context, Func<ClawClient, Printer, ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var client = context.Client(parse);
                return await body(client, context.Printer(parse), parse, cancellationToken);
            }
            catch (Exception ex) when (ex is UsageException or UriFormatException or JsonException or IOException and not HttpIOException)
            {
                await context.Error.WriteLineAsync($"claw: {ex.Message}");
                return ExitCodes.Usage;
            }
            catch (ClawApiException refused)
            {
                await context.Error.WriteLineAsync($"claw: {refused.Message}" + (refused.CorrelationId is { } id ? $" (correlation id {id})" : ""));
                foreach (var (field, messages) in refused.Errors)
                {
                    await context.Error.WriteLineAsync($"  {field}: {string.Join(" ", messages)}");
                }

                return ExitCodes.Failed;
            }
            catch (HttpRequestException unreachable)
            {
                await context.Error.WriteLineAsync($"claw: cannot reach the server: {unreachable.Message}");
                return ExitCodes.Unreachable;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync("claw: the server did not answer in time.");
                return ExitCodes.Unreachable;
            }
        });
}
