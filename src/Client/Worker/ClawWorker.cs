using System.Net.WebSockets;
using System.Text.Json;
using Claw.Client.Nodes;
using Claw.Client.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Claw.Client.Worker;

/// <summary>
/// A node in a few lines: registers (or registers its id again), keeps the control channel connected, runs the handler
/// for each <c>task_assigned</c> with a token that fires on <c>lease_revoked</c>/<c>task_cancelled</c>, renews the lease
/// while the handler runs, and completes or fails the task. After a drop it reconnects and sends <c>reconnect</c> with the
/// last assignment it received, so nothing is missed; a lease delivered twice runs once.
/// </summary>
public sealed class ClawWorker : IDisposable
{
    private readonly ClawWorkerOptions _options;
    private readonly ClawClientOptions _clientOptions;
    private readonly ILogger _logger;
    private readonly JobBook _jobs = new();
    private long _lastReceivedId;

    public ClawWorker(ClawWorkerOptions options, ILogger<ClawWorker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clientOptions = options.ClientOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Client = new ClawClient(_clientOptions);
    }

    /// <summary>The client the worker reports with (usable by handlers for their own calls).</summary>
    public ClawClient Client { get; }

    /// <summary>The node's id once registered.</summary>
    public string? NodeId { get; private set; }

    /// <summary>How many jobs run right now.</summary>
    public int RunningJobs => _jobs.Count;

    /// <summary>Registers, then serves assignments until <paramref name="cancellationToken"/> fires (running tasks are then given back).</summary>
    public async Task RunAsync(Func<ClawJob, CancellationToken, Task<object?>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var node = await Client.Nodes.RegisterAsync(new RegisterNodeRequest
        {
            Id = _options.NodeId,
            Name = _options.Name,
            Capabilities = _options.Capabilities,
            Models = _options.Models,
            Labels = _options.Labels,
            Resources = _options.Resources,
            SwarmId = _options.SwarmId,
            MaxConcurrentTasks = _options.MaxConcurrentTasks,
        }, cancellationToken: cancellationToken);
        NodeId = node.Id;
        WorkerLog.Registered(_logger, node.Id);

        var runner = new JobRunner(Client, node.Id, handler, _logger);
        var jobs = new List<Task>();
        DateTimeOffset? offlineSince = null;
        var delay = _options.ReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            var connected = false;
            try
            {
                await using var channel = await ControlChannel.ConnectAsync(_clientOptions.BaseAddress, node.Id, _options.Queues, _clientOptions.ApiKey, cancellationToken);
                (connected, delay) = (true, _options.ReconnectDelay);
                await ServeAsync(channel, runner, jobs, offlineSince, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
            {
                WorkerLog.ConnectFailed(_logger, node.Id, delay, ex);
            }

            if (connected || offlineSince is null)
            {
                offlineSince = DateTimeOffset.UtcNow; // when this drop began
            }
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }

        await Task.WhenAll(jobs); // each job gives its task back when stopped
    }

    /// <summary>One connected session: frames in until the channel drops (then the caller reconnects).</summary>
    private async Task ServeAsync(ControlChannel channel, JobRunner runner, List<Task> jobs, DateTimeOffset? offlineSince, CancellationToken stopping)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task heartbeat = Task.CompletedTask;
        try
        {
            while (await channel.ReceiveAsync(stopping) is { } frame)
            {
                switch (frame.Type)
                {
                    case "connected":
                        WorkerLog.Connected(_logger, NodeId!, frame.Text("session_id"));
                        heartbeat = HeartbeatAsync(channel, TimeSpan.FromSeconds(Math.Max(1, frame.Number("heartbeat_interval_seconds") ?? 30)), session.Token);
                        if (offlineSince is { } since || Interlocked.Read(ref _lastReceivedId) > 0)
                        {
                            // What was pushed while it was away (or before a restart under the same id) comes again.
                            await channel.SendAsync("reconnect", new
                            {
                                LastReceivedId = Interlocked.Read(ref _lastReceivedId),
                                OfflineSinceMs = offlineSince?.ToUnixTimeMilliseconds(),
                            }, stopping);
                        }

                        break;
                    case "reconnect_ack":
                        WorkerLog.Reconnected(_logger, NodeId!, Interlocked.Read(ref _lastReceivedId), frame.Number("queued_count"));
                        break;
                    case "task_assigned":
                        Received(frame.Id);
                        if (frame.Payload.Deserialize<Assignment>(ClawJson.Options) is { } assignment)
                        {
                            Start(assignment, runner, jobs, stopping);
                        }

                        break;
                    case "lease_revoked":
                    case "task_cancelled":
                        foreach (var job in _jobs.Matching(frame.Text("lease_id"), frame.Text("task_id")))
                        {
                            job.Lose(frame.Type);
                        }

                        break;
                    case "result_rejected":
                        WorkerLog.ResultRejected(_logger, frame.Text("task_id"), frame.Text("code"));
                        break;
                    case ControlFrame.Unreadable:
                        WorkerLog.FrameUnreadable(_logger);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException && !stopping.IsCancellationRequested)
        {
            WorkerLog.Disconnected(_logger, NodeId!, ex);
        }
        finally
        {
            await session.CancelAsync();
            await heartbeat;
        }
    }

    private void Received(long? frameId)
    {
        if (frameId is not { } id)
        {
            return;
        }

        long seen;
        do
        {
            seen = Interlocked.Read(ref _lastReceivedId);
        }
        while (id > seen && Interlocked.CompareExchange(ref _lastReceivedId, id, seen) != seen);
    }

    private void Start(Assignment assignment, JobRunner runner, List<Task> jobs, CancellationToken stopping)
    {
        var running = new RunningJob(assignment, stopping);
        if (!_jobs.TryBegin(running))
        {
            WorkerLog.DuplicateIgnored(_logger, assignment.LeaseId);
            running.Dispose();
            return;
        }

        jobs.RemoveAll(t => t.IsCompleted);
        jobs.Add(Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(running, stopping);
            }
            finally
            {
                _jobs.Finish(running);
                running.Dispose();
            }
        }, CancellationToken.None));
    }

    private static async Task HeartbeatAsync(ControlChannel channel, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await channel.SendAsync("heartbeat", new { }, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // the session ended; the next one beats again
        }
    }

    public void Dispose() => Client.Dispose();
}
