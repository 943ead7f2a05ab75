using System.Diagnostics;
using Claw.Abstractions.Instances;
using Claw.Grains.Instances;
using Claw.Grains.OpenClaw.Protocol;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.OpenClaw;

/// <summary>
/// A real OpenClaw gateway that a test runs itself (not through Claw's supervisor), with the same folder layout,
/// config and environment Claw gives a managed instance, on a free loopback port, using the fake model server.
/// It can be killed (<c>kill -9</c> of its process tree) and started again on the same state.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private Process? _process;

    private GatewayProcess(int port, string token, InstanceLayout layout)
    {
        Port = port;
        Token = token;
        Layout = layout;
    }

    public int Port { get; }

    public string Token { get; }

    public InstanceLayout Layout { get; }

    public Uri Url => new($"ws://127.0.0.1:{Port}");

    public GatewayEndpoint Endpoint => new(Url, Token);

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>From spawn to the first <c>hello-ok</c> of the last start.</summary>
    public TimeSpan StartupTime { get; private set; }

    public static async Task<GatewayProcess> StartAsync(FakeModelServer model)
    {
        var root = Path.Combine(Path.GetTempPath(), "claw-tests", "openclaw-" + Guid.NewGuid().ToString("N")[..12]);
        var gateway = new GatewayProcess(FreePort.Next(), "test-token-" + Guid.NewGuid().ToString("N"), new InstanceLayout(root));
        gateway.Layout.Create();
        GatewayConfig.Write(gateway.Layout, gateway.Port, gateway.Token, new ModelProvider(model.BaseUrl.ToString().TrimEnd('/'), "openai-completions", FakeModelServer.ModelId, "sk-local"));
        try
        {
            await gateway.StartAgainAsync();
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>Starts the process (again) and waits for a <c>hello-ok</c>.</summary>
    public async Task StartAgainAsync()
    {
        var start = GatewayLaunch.StartInfo(OpenClawInstall.Launcher, "", Layout, Port);
        var watch = Stopwatch.StartNew();
        _process = Process.Start(start)!;
        var log = new StreamWriter(File.Open(Layout.ProcessLog, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync(OpenClawInstall.StartBudget);
        StartupTime = watch.Elapsed;
    }

    /// <summary>A signed, handshaken client of this gateway (a device of its own).</summary>
    public async Task<GatewayClient> ConnectAsync(Action<string, System.Text.Json.JsonElement>? onEvent = null)
    {
        using var device = DeviceIdentity.FromSeed(DeviceIdentity.NewSeed());
        return await GatewayClient.ConnectAsync(Endpoint, device, "0.0.0-test", onEvent, CancellationToken.None);
    }

    private async Task WaitReadyAsync(TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with code {_process.ExitCode} while starting:\n{Tail(40)}");
            }

            try
            {
                await using var client = await ConnectAsync();
                return;
            }
            catch (GatewayRefusedException refused) when (refused.Retryable)
            {
                last = refused;
                await Task.Delay(refused.RetryAfter ?? TimeSpan.FromMilliseconds(500));
            }
            catch (GatewayClosedException closed)
            {
                last = closed;
                await Task.Delay(500);
            }
        }

        throw new TimeoutException($"The gateway did not answer hello-ok within {budget.TotalSeconds} s (last: {last?.Message}):\n{Tail(40)}");
    }

    /// <summary><c>kill -9</c> of the gateway and its helper processes.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        foreach (var member in ProcessTree.Members(process.Id))
        {
            try
            {
                using var p = Process.GetProcessById(member);
                p.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // already gone
            }
        }

        await process.WaitForExitAsync();
    }

    public string Tail(int lines) => File.Exists(Layout.ProcessLog)
        ? string.Join('\n', File.ReadLines(Layout.ProcessLog).TakeLast(lines))
        : "(no log)";

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(Layout.Root, recursive: true);
        }
        catch (IOException)
        {
            // a straggling helper process still writes; the temp cleaner takes it
        }
    }
}
