using System.CommandLine;
using Claw.Client;

namespace Claw.Cli;

/// <summary>
/// What every command shares: the output writers, <c>--json</c>, and the client made from <c>CLAW_URL</c> (or
/// <c>--url</c>) and <c>CLAW_API_KEY</c>. The key is read from the environment only: a secret on a command line ends
/// up in shell history and process lists.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error)
{
    public static readonly Option<bool> Json = new("--json") { Description = "Write JSON (for scripts) instead of tables.", Recursive = true };

    public static readonly Option<string?> Url = new("--url") { Description = "The server (default: CLAW_URL, else http://localhost:8080).", Recursive = true };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public Printer Printer(ParseResult parse) => new(Output, parse.GetValue(Json));

    public ClawClient Client(ParseResult parse)
    {
        var options = ClawClientOptions.FromEnvironment();
        if (parse.GetValue(Url) is { Length: > 0 } url)
        {
            options.BaseAddress = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new UsageException($"--url '{url}' is not an absolute URL.");
        }

        // A person waits at the prompt: a server that does not answer is reported within seconds, not minutes.
        options.MaxRetries = 2;
        options.RetryDelay = TimeSpan.FromMilliseconds(300);
        options.Timeout = TimeSpan.FromSeconds(30);
        return new ClawClient(options);
    }
}
