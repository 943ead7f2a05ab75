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
    private readonly TextWriter? _log;

    private SiloProcess(Process process, Uri baseAddress, TextWriter? log)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public static Task<SiloProcess> StartAsync(string dataDirectory, params string[] args) => StartAsync(dataDirectory, SiloPorts.Free(), null, args);

    /// <summary>
    /// Starts a silo on <paramref name="ports"/>: a silo restarted after a kill comes back where it was. Every line it
    /// writes also goes to <paramref name="log"/> when given (the caller owns it).
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string dataDirectory, SiloPorts ports, TextWriter? log, params string[] args)
    {
        var http = ports.Http;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] all =
        [
            Path.Combine(AppContext.BaseDirectory, "Claw.Orleans.Silo.dll"),
            "--urls", $"http://127.0.0.1:{http}",
            "--data", dataDirectory,
            "--silo-port", ports.Silo.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", ports.Gateway.ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            .. args,
        ];
        foreach (var arg in all)
        {
            start.ArgumentList.Add(arg);
        }

        var silo = new SiloProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{http}"), log);
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

        _log?.WriteLine(line);
        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
