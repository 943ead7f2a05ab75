using System.CommandLine;
using System.Text.Json;
using Claw.Client.Http;
using Claw.Client.Workflows;

namespace Claw.Cli;

/// <summary><c>claw workflows create -f flow.json|get</c>.</summary>
internal static class WorkflowsCommand
{
    public static Command Build(CliContext context)
    {
        var workflows = new Command("workflows", "Create and inspect workflows.");
        var file = new Option<FileInfo>("--file", "-f") { Description = "The workflow as JSON: {name, steps:[…]} or {name, task_payloads:[…]}.", Required = true };
        var start = new Option<bool>("--start") { Description = "Start it at once." };
        var create = new Command("create", "Create a workflow from a JSON file.") { file, start };
        create.Run(context, async (client, printer, parse, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            var request = Read(path);
            if (parse.GetValue(start))
            {
                request = request with { Start = true };
            }

            printer.Show(await client.Workflows.CreateAsync(request, cancellationToken: ct), Print);
            return ExitCodes.Ok;
        });
        workflows.Subcommands.Add(create);

        var id = new Argument<string>("id") { Description = "The workflow's id." };
        var get = new Command("get", "Show a workflow and its steps.") { id };
        get.Run(context, async (client, printer, parse, ct) =>
        {
            printer.Show(await client.Workflows.GetAsync(parse.GetRequiredValue(id), ct), Print);
            return ExitCodes.Ok;
        });
        workflows.Subcommands.Add(get);
        return workflows;
    }

    private static CreateWorkflowRequest Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UsageException($"{file.FullName}: no such file.");
        }

        try
        {
            return JsonSerializer.Deserialize<CreateWorkflowRequest>(File.ReadAllText(file.FullName), ClawJson.Options)
                ?? throw new UsageException($"{file.Name} holds no workflow.");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{file.Name} is not a workflow: {ex.Message}");
        }
    }

    private static void Print(Printer printer, ClawWorkflow w)
    {
        printer.Fields(("id", w.Id), ("name", w.Name), ("status", w.Status), ("created", Printer.Time(w.CreatedAt)), ("error", w.Error));
        printer.Line("");
        printer.Table(["step", "status", "task", "after", "attempt", "took"], w.Steps.Select(s => new[]
        {
            s.Name, s.Status, s.TaskId, string.Join(",", s.DependsOn), Printer.Number(s.Attempt), s.DurationMs is { } ms ? $"{ms} ms" : "",
        }));
    }
}
