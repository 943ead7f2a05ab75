using System.Net.WebSockets;
using System.Threading.RateLimiting;
using Claw.Abstractions;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Gateway.Leases;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Sockets;

/// <summary>
/// One node's WebSocket. The node grain pushes through this object (a grain observer); frames the node sends go to
/// the same grain methods the HTTP endpoints call, so fencing and every lifecycle rule have one code path. All writes
/// to the socket go through one bounded outbox and one sender, so frames never interleave, and a node that stops
/// reading is closed (1008) rather than buffered without end.
/// </summary>
internal sealed partial class NodeSession : INodeSession
{
    internal const WebSocketCloseStatus Replaced = (WebSocketCloseStatus)4001;
    private const string ReplacedReason = "replaced by a newer session of this node";

    private readonly WebSocket _socket;
    private readonly IGrainFactory _grains;
    private readonly SocketOptions _options;
    private readonly ILogger _logger;
    private readonly SocketMetrics _metrics;
    private readonly SessionOutbox _outbox;
    private readonly IDisposable _buffer;
    private readonly TokenBucketRateLimiter _flood;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _sendCut = new();

    /// <summary>
    /// Set once the <c>connected</c> frame is queued. The node grain may push the moment the session is attached, before
    /// that frame is; every frame it pushes waits for it, so <c>connected</c> is always a session's first frame.
    /// </summary>
    private readonly TaskCompletionSource _greeted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (WebSocketCloseStatus Status, string Reason)? _close;

    public NodeSession(WebSocket socket, SessionInfo info, string correlationId, Principal principal, IGrainFactory grains, SessionServices services)
    {
        _socket = socket;
        Principal = principal;
        Info = info;
        CorrelationId = correlationId;
        _grains = grains;
        _options = services.Options;
        _logger = services.Logger;
        _metrics = services.Metrics;
        Limits = services.Limits;
        Proofs = services.Proofs;
        _outbox = new SessionOutbox(_options.MaxQueuedFrames, _options.MaxQueuedBytes);
        _buffer = services.Buffers.Track(_outbox);
        _flood = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _options.FrameBurst,
            TokensPerPeriod = _options.FramesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public SessionInfo Info { get; }

    /// <summary>Who the session acts as (authenticated at the upgrade or by its first frame); every frame's grain calls carry it.</summary>
    internal Principal Principal { get; }

    /// <summary>The document limits frames are checked against, as HTTP bodies are.</summary>
    internal PayloadLimits Limits { get; }

    /// <summary>The signature check results pass before their task sees them, as over HTTP.</summary>
    internal Identity.ResultProofs Proofs { get; }

    private string CorrelationId { get; }

    internal INodeGrain Node => _grains.GetGrain<INodeGrain>(Info.NodeId);

    public async Task RunAsync(CancellationToken aborted)
    {
        var self = _grains.CreateObjectReference<INodeSession>(this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stop.Token);
        var sender = SendLoopAsync();
        try
        {
            WithCorrelation(null);
            await Node.AttachSessionAsync(Info, self);
            await SendAsync(new Frame(FrameTypes.Connected, new
            {
                bot_id = Info.NodeId,
                node_id = Info.NodeId,
                session_id = Info.SessionId,
                heartbeat_interval_seconds = _options.HeartbeatIntervalSeconds,
                queues = Info.Queues,
            }));
            _greeted.TrySetResult();
            LogConnected(_logger, Info.NodeId, Info.SessionId);
            var keepAlive = KeepAliveLoopAsync(self, linked.Token);
            await ReceiveLoopAsync(linked.Token);
            _stop.Cancel();
            await keepAlive;
        }
        catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.Faulted)
        {
            // The framework refused a frame (text that is not UTF-8, a broken frame header): it sent the close
            // (1007, 1002) and aborted the socket. Ending the connection at once could reset it before the node
            // reads that close, so the connection stays until the node hangs up, or the grace ends.
            _metrics.Closed(SocketMetrics.ProtocolError);
            LogRefused(_logger, Info.NodeId, Info.SessionId, SocketMetrics.ProtocolError);
            await LingerAsync(aborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // the connection dropped; the leases run on until they end or the node reconnects
        }
        finally
        {
            _greeted.TrySetResult(); // a push still waiting finds the session closing
            _outbox.Complete(discard: false);
            _sendCut.CancelAfter(CloseGrace); // a peer that does not take its last frames is cut off
            await sender;
            await AwaitPeerCloseAsync();
            await DetachAsync(self);
            _flood.Dispose();
            _buffer.Dispose();
            LogDisconnected(_logger, Info.NodeId, Info.SessionId, _close?.Reason ?? "connection closed");
        }
    }

    public async Task<bool> AssignAsync(Assignment assignment, long frameId)
    {
        await _greeted.Task;
        var frame = new Frame(FrameTypes.TaskAssigned, AssignmentResponse.From(assignment), Id(frameId), assignment.CorrelationId);
        return _close is null && await SendAsync(frame);
    }

    public async Task NoticeAsync(SessionNotice notice)
    {
        await _greeted.Task;
        await SendAsync(new Frame(notice.Type, new { task_id = notice.TaskId, lease_id = notice.LeaseId, reason = notice.Reason }, null, notice.CorrelationId));
    }

    public Task ReplacedAsync()
    {
        Close(Replaced, ReplacedReason);
        return Task.CompletedTask;
    }

    private async Task DetachAsync(INodeSession self)
    {
        try
        {
            await Node.DetachSessionAsync(Info.SessionId);
        }
        catch (Exception ex)
        {
            LogKeepAliveFailed(_logger, Info.NodeId, ex); // the node grain's liveness watch ends it anyway
        }
        finally
        {
            _grains.DeleteObjectReference<INodeSession>(self);
        }
    }

    /// <summary>Grain calls for a frame carry its correlation id (else the one of the connection's upgrade request) and the session's principal.</summary>
    internal void WithCorrelation(string? correlationId)
    {
        RequestContext.Set(CorrelationContext.Key, correlationId ?? CorrelationId);
        PrincipalContext.Set(Principal);
    }

    internal IGrainFactory Grains => _grains;

    private static string Id(long frameId) => frameId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
