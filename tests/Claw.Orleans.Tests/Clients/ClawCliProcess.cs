using Claw.Tests.Infrastructure;

namespace Claw.Tests.Clients;

/// <summary>Runs the <c>claw</c> CLI as a process from its own build output, with <c>CLAW_URL</c> set as a user would.</summary>
public static class ClawCliProcess
{
    public static Task<(int Exit, string Output, string Error)> RunAsync(Uri server, params string[] args) =>
        ChildProcess.RunAsync("dotnet", [Assembly(), .. args], TimeSpan.FromMinutes(3), new Dictionary<string, string?>
        {
            ["CLAW_URL"] = server.ToString(),
            ["CLAW_API_KEY"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });

    /// <summary>The CLI's build output: the tests' is <c>tests/Claw.Orleans.Tests/bin/{configuration}/{tfm}</c>.</summary>
    private static string Assembly()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = tfm.Parent!;
        var root = configuration.Parent!.Parent!.Parent!.Parent!;
        return Path.Combine(root.FullName, "src", "Cli", "bin", configuration.Name, tfm.Name, "claw.dll");
    }
}
