using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;

namespace Claw.Gateway.Sockets;

/// <summary>
/// What each frame a node sends does. Results go through the task grain exactly as the HTTP calls do (the node that
/// holds the lease is the proof, as in ClawBot's task_complete); a refusal comes back as <c>result_rejected</c>.
/// </summary>
internal sealed class FrameHandler(NodeSession session, InboundFrame frame)
{
    private string NodeId => session.Info.NodeId;

    public async Task HandleAsync()
    {
        session.WithCorrelation(frame.CorrelationId);
        try
        {
            await DispatchAsync();
        }
        catch (ClawException refused) when (IsResult && refused.Status is 404 or 409 && frame.String("task_id") is { } taskId)
        {
            session.Send(new Frame(FrameTypes.ResultRejected, new { task_id = taskId, lease_id = frame.String("lease_id"), code = refused.Code, message = refused.Message }, null, frame.CorrelationId));
        }
        catch (ClawException refused)
        {
            session.Send(Frame.Error(refused.Code, refused.Message, frame.Id));
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            session.Send(Frame.Error(ErrorCodes.ClusterUnavailable, "The cluster did not answer in time; send the frame again.", frame.Id));
        }
    }

    private bool IsResult => frame.Type is FrameTypes.TaskStarted or FrameTypes.TaskProgress or FrameTypes.TaskComplete or FrameTypes.TaskFailed;

    private Task DispatchAsync() => frame.Type switch
    {
        FrameTypes.Heartbeat => HeartbeatAsync(),
        FrameTypes.TaskStarted => OnTask(task => task.StartAsync(Holder)),
        FrameTypes.TaskProgress => OnTask(task => task.ProgressAsync(Holder, Progress())),
        FrameTypes.TaskComplete => OnTask(task => frame.Bool("success") ?? true
            ? task.CompleteAsync(Holder, frame.Raw("result"))
            : task.FailAsync(Holder, frame.String("error") ?? "failed", retriable: true)),
        FrameTypes.TaskFailed => OnTask(task => task.FailAsync(Holder, frame.String("error") ?? "failed", frame.Bool("retriable") ?? true)),
        FrameTypes.LeaseRenew => RenewAsync(),
        FrameTypes.Ready => ReadyAsync(),
        FrameTypes.Reconnect => ReconnectAsync(),
        _ => Unknown(),
    };

    private LeaseProof Holder => new(frame.String("lease_id"), frame.String("lease_token"), NodeId);

    private async Task HeartbeatAsync()
    {
        await session.Node.HeartbeatAsync();
        session.Send(new Frame(FrameTypes.HeartbeatAck, new { server_time = DateTimeOffset.UtcNow }, null, frame.CorrelationId));
    }

    private async Task OnTask(Func<ITaskGrain, Task<TaskView>> act)
    {
        if (frame.String("task_id") is not { Length: > 0 } taskId)
        {
            throw ClawException.Invalid("A task_id is required.");
        }

        await act(session.Grains.GetGrain<ITaskGrain>(taskId));
    }

    private TaskProgress Progress()
    {
        var percent = frame.Number("percent");
        if (percent is not (>= 0 and <= 100))
        {
            throw ClawException.Invalid("percent must be between 0 and 100.");
        }

        return new TaskProgress((int)percent, frame.String("message"), frame.Raw("data"), default);
    }

    private async Task RenewAsync()
    {
        var leaseId = frame.String("lease_id");
        if (leaseId is null || !LeaseIds.TryParse(leaseId, out var taskId, out _))
        {
            throw ClawException.Invalid("A lease_id of this node is required.");
        }

        var lease = await session.Grains.GetGrain<ITaskGrain>(taskId).RenewAsync(Holder);
        session.Send(new Frame(FrameTypes.LeaseRenewed, new { lease_id = lease.Id, task_id = lease.TaskId, expires_at = lease.ExpiresAt }, null, frame.CorrelationId));
    }

    private Task ReadyAsync()
    {
        var slots = frame.Number("slots");
        return slots is >= 0 and <= 10_000
            ? session.Node.ReadyAsync(session.Info.SessionId, (int)slots)
            : throw ClawException.Invalid("slots must be a number from 0 to 10000.");
    }

    private async Task ReconnectAsync()
    {
        var lastReceived = frame.Number("last_received_id") ?? 0;
        var offlineSince = frame.Number("offline_since_ms") is { } ms ? OfflineSince(ms) : (DateTimeOffset?)null;
        var summary = await session.Node.ReconnectAsync(session.Info.SessionId, lastReceived, offlineSince);
        session.Send(new Frame(FrameTypes.ReconnectAck, new
        {
            queued_count = summary.QueuedCount,
            expired_count = summary.ExpiredCount,
            oldest_queued_at = summary.OldestQueuedAt,
        }, null, frame.CorrelationId));
    }

    /// <summary>A Unix time in milliseconds, or (for small values) how many milliseconds ago the node went offline.</summary>
    private static DateTimeOffset OfflineSince(long ms) => ms > 1_000_000_000_000
        ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(Math.Max(0, ms));

    private Task Unknown()
    {
        session.Send(Frame.Error("unknown_frame_type", $"Unknown frame type '{Truncate(frame.Type)}'.", frame.Id));
        return Task.CompletedTask;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
