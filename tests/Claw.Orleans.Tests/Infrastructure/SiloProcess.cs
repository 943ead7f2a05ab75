using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Claw.Tests.Infrastructure;

/// <summary>
/// The real silo host as a child process (the build output the tests reference), so a test can kill -9 it: no
/// graceful shutdown, no goodbye to the cluster, exactly what a crashed machine does.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public static async Task<SiloProcess> StartAsync(string dataDirectory, params string[] args)
    {
        var http = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] all =
        [
            Path.Combine(AppContext.BaseDirectory, "Claw.Orleans.Silo.dll"),
            "--urls", $"http://127.0.0.1:{http}",
            "--data", dataDirectory,
            "--silo-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--gateway-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            .. args,
        ];
        foreach (var arg in all)
        {
            start.ArgumentList.Add(arg);
        }

        var silo = new SiloProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{http}"));
        try
        {
            using var client = silo.CreateClient();
            await Eventually.Until(
                async () =>
                {
                    try
                    {
                        return (await client.GetAsync("/health/ready")).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false; // not listening yet
                    }
                },
                ready => ready || silo._process.HasExited, TimeSpan.FromSeconds(90), "the silo process to be ready");
            return silo._process.HasExited ? throw new InvalidOperationException("The silo process exited:\n" + silo.Output) : silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public string Output => string.Join('\n', _output);

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL, as <c>kill -9</c>.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
