using Claw.Abstractions;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Claw.Abstractions.Instances;
using Claw.Grains.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Instances;

/// <summary>
/// The silo-local owner of managed gateway processes (children of this silo): writes an instance's config, starts its
/// process with the launcher, copies its output to its log, tells the instance grain when it answers <c>hello-ok</c>
/// (ready) or exits, and stops it with SIGTERM, then SIGKILL after the stop timeout. The grain decides; this acts.
/// </summary>
public sealed partial class InstanceSupervisor(
    IGrainFactory grains,
    DeviceKeys devices,
    IOptions<InstanceOptions> options,
    ILogger<InstanceSupervisor> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);

    public InstanceOptions Options => options.Value;

    /// <summary>Starts the process of <paramref name="launch"/> (stopping a previous one of the instance first); progress comes back to the grain.</summary>
    public async Task StartAsync(InstanceLaunch launch)
    {
        await StopAsync(launch.InstanceId);
        launch.Layout.Create();
        GatewayConfig.Write(launch.Layout, launch.Port, launch.Token, launch.ModelProvider);
        if (!IsPortFree(launch.Port))
        {
            Tell(launch, grain => grain.ProcessExitedAsync(launch.LaunchId, $"port {launch.Port} is in use by another program"));
            return;
        }

        Process process;
        try
        {
            process = Process.Start(GatewayLaunch.StartInfo(Options.Launcher, launch.Version, launch.Layout, launch.Port))!;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or ArgumentException or InvalidOperationException)
        {
            Tell(launch, grain => grain.ProcessExitedAsync(launch.LaunchId, $"the launcher could not be started: {ex.Message}"));
            return;
        }

        var running = new Running(launch, process, Stopwatch.StartNew());
        _running[launch.InstanceId] = running;
        process.StandardInput.Close();
        running.CopyOutput();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => OnExited(running);
        LogStarted(logger, launch.InstanceId, process.Id, launch.Port);
        Task.Run(() => WaitReadyAsync(running)).Ignore(); // off the calling grain's scheduler
    }

    /// <summary>SIGTERM, then SIGKILL of the whole tree after the stop timeout. Not reported to the grain as a crash.</summary>
    public async Task StopAsync(string instanceId)
    {
        if (!_running.TryRemove(instanceId, out var running))
        {
            return;
        }

        running.Stopping = true;
        await Terminate(running.Process, Options.StopTimeout);
        running.Dispose();
        LogStopped(logger, instanceId);
    }

    public int? Pid(string instanceId) => _running.TryGetValue(instanceId, out var running) && !running.Exited ? running.Pid : null;

    public bool IsRunning(string instanceId, string launchId) => _running.TryGetValue(instanceId, out var running) && running.Launch.LaunchId == launchId && !running.Exited;

    public long? MemoryBytes(string instanceId) => Pid(instanceId) is { } pid ? ProcessTree.ResidentBytes(pid) : null;

    /// <summary>Stops a process of this instance left by a silo that died (children outlive a killed silo); it would hold the port.</summary>
    public static async Task KillLeftoverAsync(int pid, InstanceLayout layout)
    {
        if (ProcessTree.Runs(pid, "OPENCLAW_CONFIG_PATH=" + layout.Config))
        {
            using var process = Process.GetProcessById(pid);
            await Terminate(process, TimeSpan.FromSeconds(5));
        }
    }

    private async Task WaitReadyAsync(Running running)
    {
        var launch = running.Launch;
        var deadline = DateTime.UtcNow + Options.StartTimeout;
        var endpoint = new GatewayEndpoint(new Uri($"ws://127.0.0.1:{launch.Port}"), launch.Token);
        while (DateTime.UtcNow < deadline && !running.Exited && !running.Stopping)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await using var client = await GatewayClient.ConnectAsync(endpoint, await devices.GetAsync(timeout.Token), ClawMetrics.Version, null, timeout.Token);
                var seconds = running.Clock.Elapsed.TotalSeconds;
                LogReady(logger, launch.InstanceId, client.Hello.ServerVersion, seconds);
                Tell(launch, grain => grain.ProcessReadyAsync(launch.LaunchId, client.Hello.ServerVersion, seconds));
                return;
            }
            catch (GatewayRefusedException refused) when (refused.Retryable)
            {
                await Task.Delay(refused.RetryAfter ?? TimeSpan.FromMilliseconds(500));
            }
            catch (GatewayRefusedException refused)
            {
                Tell(launch, grain => grain.ProcessExitedAsync(launch.LaunchId, $"the gateway refused Claw's connection: {refused.Message}"));
                await StopAsync(launch.InstanceId);
                return;
            }
            catch (Exception ex) when (ex is GatewayClosedException or OperationCanceledException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500)); // not listening yet
            }
        }

        if (!running.Exited && !running.Stopping)
        {
            Tell(launch, grain => grain.ProcessExitedAsync(launch.LaunchId, $"no hello-ok within {Options.StartTimeout.TotalSeconds:0} s"));
            await StopAsync(launch.InstanceId);
        }
    }

    private void OnExited(Running running)
    {
        running.Exited = true;
        if (running.Stopping || !_running.TryRemove(new KeyValuePair<string, Running>(running.Launch.InstanceId, running)))
        {
            return; // stopped on purpose: not a crash
        }

        var code = running.Process.ExitCode;
        LogExited(logger, running.Launch.InstanceId, code);
        var reason = code is 137 or -1 or 9 ? $"the process was killed (exit code {code})" : $"the process exited with code {code}";
        Tell(running.Launch, grain => grain.ProcessExitedAsync(running.Launch.LaunchId, reason));
        running.Dispose();
    }

    private void Tell(InstanceLaunch launch, Func<IInstanceGrain, Task> call)
    {
        try
        {
            call(grains.GetGrain<IInstanceGrain>(launch.InstanceId)).Ignore();
        }
        catch (Exception ex)
        {
            LogTellFailed(logger, launch.InstanceId, ex); // the grain's watch finds the process state itself
        }
    }

    private static async Task Terminate(Process process, TimeSpan patience)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            var tree = ProcessTree.Members(process.Id);
            ProcessTree.Terminate(process.Id);
            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            foreach (var straggler in tree.Skip(1))
            {
                ProcessTree.Kill(straggler); // helper processes that outlived their parent
            }
        }
        catch (InvalidOperationException)
        {
            // it was never started or is gone
        }
    }

    public static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_running.Keys.ToList().Select(StopAsync));
    }

    /// <summary>One launched process: its launch, and its output copied line by line into the instance's log.</summary>
    private sealed class Running(InstanceLaunch launch, Process process, Stopwatch clock) : IDisposable
    {
        private StreamWriter? _log;

        public InstanceLaunch Launch { get; } = launch;

        public Process Process { get; } = process;

        public Stopwatch Clock { get; } = clock;

        public int Pid { get; } = process.Id;

        public volatile bool Stopping;

        public volatile bool Exited;

        public void CopyOutput()
        {
            _log = new StreamWriter(File.Open(Launch.Layout.ProcessLog, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            Process.OutputDataReceived += (_, e) => Write(e.Data);
            Process.ErrorDataReceived += (_, e) => Write(e.Data);
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        private void Write(string? line)
        {
            if (line is null || _log is not { } log)
            {
                return;
            }

            lock (log)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // the last lines after a stop
                }
            }
        }

        public void Dispose()
        {
            if (_log is { } log)
            {
                lock (log)
                {
                    log.Dispose();
                }
            }

            Process.Dispose();
        }
    }

    [LoggerMessage(EventIds.InstanceProcessStarted, LogLevel.Information, "Instance {InstanceId}: gateway process {Pid} started on port {Port}")]
    private static partial void LogStarted(ILogger logger, string instanceId, int pid, int port);

    [LoggerMessage(EventIds.InstanceProcessReady, LogLevel.Information, "Instance {InstanceId} ready (OpenClaw {Version}) after {Seconds:F1} s")]
    private static partial void LogReady(ILogger logger, string instanceId, string? version, double seconds);

    [LoggerMessage(EventIds.InstanceProcessExited, LogLevel.Warning, "Instance {InstanceId}: the gateway process exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, string instanceId, int exitCode);

    [LoggerMessage(EventIds.InstanceProcessStopped, LogLevel.Information, "Instance {InstanceId}: the gateway process stopped")]
    private static partial void LogStopped(ILogger logger, string instanceId);

    [LoggerMessage(EventIds.InstanceProcessTellFailed, LogLevel.Warning, "Instance {InstanceId}: its grain could not be told about its process")]
    private static partial void LogTellFailed(ILogger logger, string instanceId, Exception exception);
}
