using System.Diagnostics;

namespace Claw.Tests.Infrastructure;

/// <summary>A tool a test runs to its end (the load generator, a client in another language), killed if it hangs.</summary>
public static class ChildProcess
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PYTHONUNBUFFERED"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // a hung tool must not outlive the test and hold its ports
            throw new Xunit.Sdk.XunitException($"{Path.GetFileName(file)} did not finish in {timeout}: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
