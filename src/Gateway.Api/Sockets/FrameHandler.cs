using Claw.Abstractions.Errors;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Identity;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Sockets;

/// <summary>
/// What each frame a node sends does. Results go through the task grain exactly as the HTTP calls do (the node that
/// holds the lease is the proof, as in ClawBot's task_complete); a refusal comes back as <c>result_rejected</c>.
/// Ids, texts and documents in a frame pass the same rules as in an HTTP body before any grain is called, and a
/// frame that fails in an unforeseen way is answered with an error: the session lives on.
/// </summary>
internal sealed class FrameHandler(NodeSession session, InboundFrame frame)
{
    /// <summary>The latest time a <c>reconnect</c> may name (DateTimeOffset.MaxValue in Unix milliseconds).</summary>
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    private string NodeId => session.Info.NodeId;

    public async Task HandleAsync()
    {
        session.WithCorrelation(frame.CorrelationId);
        try
        {
            await DispatchAsync();
        }
        catch (ClawException refused) when (IsResult && refused.Status is 401 or 404 or 409 && TaskIdOrNull() is { } taskId)
        {
            await session.SendAsync(new Frame(FrameTypes.ResultRejected, new { task_id = taskId, lease_id = LeaseIdOrNull(), code = refused.Code, message = refused.Message }, null, frame.CorrelationId));
        }
        catch (ClawException refused)
        {
            await session.SendAsync(Frame.Error(refused.Code, refused.Message, frame.Id));
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            await session.SendAsync(Frame.Error(ErrorCodes.ClusterUnavailable, "The cluster did not answer in time; send the frame again.", frame.Id));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            session.FrameFailed(frame.Type, ex);
            await session.SendAsync(Frame.Error(ErrorCodes.InternalError, "The frame could not be handled; it has been logged.", frame.Id));
        }
    }

    private bool IsResult => frame.Type is FrameTypes.TaskStarted or FrameTypes.TaskProgress or FrameTypes.TaskComplete or FrameTypes.TaskFailed;

    private Task DispatchAsync() => frame.Type switch
    {
        FrameTypes.Heartbeat => HeartbeatAsync(),
        FrameTypes.TaskStarted => OnTask(task => task.StartAsync(Holder())),
        FrameTypes.TaskProgress => OnTask(task => task.ProgressAsync(Holder(), Progress())),
        FrameTypes.TaskComplete => frame.Bool("success") ?? true
            ? SignedAsync(ResultClaim.Result, Document("result"), (task, proof) => task.CompleteAsync(proof, Document("result")))
            : SignedAsync(ResultClaim.Error, ResultProofs.ErrorJson(frame.String("error")), (task, proof) => task.FailAsync(proof, Error(), retriable: true)),
        FrameTypes.TaskFailed => SignedAsync(ResultClaim.Error, ResultProofs.ErrorJson(frame.String("error")), (task, proof) => task.FailAsync(proof, Error(), frame.Bool("retriable") ?? true, errorCode: ErrorCode())),
        FrameTypes.LeaseRenew => RenewAsync(),
        FrameTypes.Ready => ReadyAsync(),
        FrameTypes.Reconnect => ReconnectAsync(),
        _ => Unknown(),
    };

    /// <summary>The holder's proof: this node, and the lease it names (an id by the id rule, a bounded token).</summary>
    private LeaseProof Holder()
    {
        var token = frame.String("lease_token");
        return token is { Length: 0 or > 200 }
            ? throw ClawException.Invalid("lease_token: 1–200 characters.")
            : new LeaseProof(CheckedId("lease_id", required: false), token, NodeId);
    }

    private async Task HeartbeatAsync()
    {
        await session.Node.HeartbeatAsync();
        await session.SendAsync(new Frame(FrameTypes.HeartbeatAck, new { server_time = DateTimeOffset.UtcNow }, null, frame.CorrelationId));
    }

    /// <summary>A result frame: the task judges its signature evidence (if signed, or if required) before the result.</summary>
    private async Task SignedAsync(string member, string? valueJson, Func<ITaskGrain, LeaseProof, Task<TaskView>> act)
    {
        var taskId = CheckedId("task_id", required: true)!;
        var proof = Holder() with { Evidence = session.Proofs.Evidence(session.Principal, member, valueJson, ResultProofs.Parse(Document(ResultProofs.Field))) };
        await act(session.Grains.GetGrain<ITaskGrain>(taskId), proof);
    }

    private async Task OnTask(Func<ITaskGrain, Task<TaskView>> act)
    {
        var taskId = CheckedId("task_id", required: true)!;
        await act(session.Grains.GetGrain<ITaskGrain>(taskId));
    }

    /// <summary>An id field checked by the same rule as an id in a path; null when absent and not required.</summary>
    private string? CheckedId(string field, bool required)
    {
        var id = frame.String(field);
        if (id is null && !required)
        {
            return null;
        }

        return Ids.IsValid(id) ? id : throw ClawException.Invalid($"{field}: {(id is null ? "Required. " : "")}{Ids.Rule}");
    }

    private string? TaskIdOrNull() => Ids.IsValid(frame.String("task_id")) ? frame.String("task_id") : null;

    private string? LeaseIdOrNull() => Ids.IsValid(frame.String("lease_id")) ? frame.String("lease_id") : null;

    private string Error()
    {
        var error = frame.String("error") ?? "failed"; // ClawBot's frames may leave it out
        return !string.IsNullOrWhiteSpace(error) && error.Length <= FailTaskRequest.MaxErrorLength
            ? error
            : throw ClawException.Invalid($"error: 1–{FailTaskRequest.MaxErrorLength} characters, not only spaces.");
    }

    /// <summary>The failure's <c>error_code</c>, by the rule of the HTTP field; null when absent.</summary>
    private string? ErrorCode() => frame.String("error_code") is not { } code || FailureCodes.IsValid(code)
        ? frame.String("error_code")
        : throw ClawException.Invalid("error_code: " + FailureCodes.Rule);

    /// <summary>A result or progress data, checked by the rules of the same field in an HTTP body.</summary>
    private string? Document(string field)
    {
        if (frame.Document(field) is not { } document)
        {
            return null;
        }

        var errors = new ValidationErrors(session.Limits).Json(field, document, objectOnly: false);
        if (errors.IsEmpty)
        {
            return document.GetRawText();
        }

        var message = string.Join(" ", errors.ToDictionary()[field]);
        throw errors.TooLarge
            ? new ClawException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"{field}: {message}")
            : ClawException.Invalid($"{field}: {message}");
    }

    private TaskProgress Progress()
    {
        var percent = frame.Number("percent");
        if (percent is not (>= 0 and <= 100))
        {
            throw ClawException.Invalid("percent must be between 0 and 100.");
        }

        var message = frame.String("message");
        return message is { Length: > 2000 }
            ? throw ClawException.Invalid("message: at most 2000 characters.")
            : new TaskProgress((int)percent, message, Document("data"), default);
    }

    private async Task RenewAsync()
    {
        var leaseId = frame.String("lease_id");
        if (!Ids.IsValid(leaseId) || !LeaseIds.TryParse(leaseId!, out var taskId, out _))
        {
            throw ClawException.Invalid("A lease_id of this node is required.");
        }

        var lease = await session.Grains.GetGrain<ITaskGrain>(taskId).RenewAsync(Holder());
        await session.SendAsync(new Frame(FrameTypes.LeaseRenewed, new { lease_id = lease.Id, task_id = lease.TaskId, expires_at = lease.ExpiresAt }, null, frame.CorrelationId));
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
        await session.SendAsync(new Frame(FrameTypes.ReconnectAck, new
        {
            queued_count = summary.QueuedCount,
            expired_count = summary.ExpiredCount,
            oldest_queued_at = summary.OldestQueuedAt,
        }, null, frame.CorrelationId));
    }

    /// <summary>A Unix time in milliseconds, or (for small values) how many milliseconds ago the node went offline.</summary>
    private static DateTimeOffset OfflineSince(long ms) => ms switch
    {
        < 0 or > MaxUnixMilliseconds => throw ClawException.Invalid($"offline_since_ms must be between 0 and {MaxUnixMilliseconds}: a Unix time in milliseconds, or how many milliseconds ago."),
        > 1_000_000_000_000 => DateTimeOffset.FromUnixTimeMilliseconds(ms),
        _ => DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(ms),
    };

    private async Task Unknown() =>
        await session.SendAsync(Frame.Error(ErrorCodes.UnknownFrameType, $"Unknown frame type '{Truncate(frame.Type)}'.", frame.Id));

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
