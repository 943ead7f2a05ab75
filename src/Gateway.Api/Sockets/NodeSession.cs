using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using Claw.Abstractions;
using Claw.Abstractions.Errors;
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
    private readonly TokenBucketRateLimiter _flood;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _sendCut = new();
    private (WebSocketCloseStatus Status, string Reason)? _close;

    public NodeSession(WebSocket socket, SessionInfo info, string correlationId, IGrainFactory grains, SessionServices services)
    {
        _socket = socket;
        Info = info;
        CorrelationId = correlationId;
        _grains = grains;
        _options = services.Options;
        _logger = services.Logger;
        _metrics = services.Metrics;
        Limits = services.Limits;
        _outbox = new SessionOutbox(_options.MaxQueuedFrames, _options.MaxQueuedBytes);
        var options = _options;
        _flood = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.FrameBurst,
            TokensPerPeriod = options.FramesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public SessionInfo Info { get; }

    /// <summary>The document limits frames are checked against, as HTTP bodies are.</summary>
    internal PayloadLimits Limits { get; }

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
            _outbox.Complete(discard: false);
            _sendCut.CancelAfter(CloseGrace); // a peer that does not take its last frames is cut off
            await sender;
            await AwaitPeerCloseAsync();
            await DetachAsync(self);
            _flood.Dispose();
            LogDisconnected(_logger, Info.NodeId, Info.SessionId, _close?.Reason ?? "connection closed");
        }
    }

    public async Task<bool> AssignAsync(Assignment assignment, long frameId)
    {
        var frame = new Frame(FrameTypes.TaskAssigned, AssignmentResponse.From(assignment), Id(frameId), assignment.CorrelationId);
        return _close is null && await SendAsync(frame);
    }

    public async Task NoticeAsync(SessionNotice notice) =>
        await SendAsync(new Frame(notice.Type, new { task_id = notice.TaskId, lease_id = notice.LeaseId, reason = notice.Reason }, null, notice.CorrelationId));

    public Task ReplacedAsync()
    {
        Close(Replaced, ReplacedReason);
        return Task.CompletedTask;
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var message = new ArrayBufferWriter<byte>();
        try
        {
            while (_socket.State == WebSocketState.Open && _close is null)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (message.WrittenCount + received.Count > _options.MaxFrameBytes)
                {
                    Refuse(SocketMetrics.FrameTooBig, WebSocketCloseStatus.MessageTooBig, $"frames are limited to {_options.MaxFrameBytes} bytes");
                    return;
                }

                message.Write(buffer.AsSpan(0, received.Count));
                if (!received.EndOfMessage)
                {
                    continue;
                }

                if (!_flood.AttemptAcquire().IsAcquired)
                {
                    Refuse(SocketMetrics.FrameFlood, WebSocketCloseStatus.PolicyViolation, "too many frames; rate limit exceeded");
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    await SendAsync(Frame.Error(ErrorCodes.BinaryNotSupported, "Frames are JSON text messages."));
                }
                else
                {
                    await HandleAsync(message.WrittenMemory);
                }

                message.Clear();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> text)
    {
        var frame = InboundFrame.Parse(text, out var error);
        if (frame is null)
        {
            await SendAsync(Frame.Error(error!, error == ErrorCodes.MalformedJson ? "The frame is not valid JSON." : "A frame is a JSON object with a string \"type\"."));
        }
        else if (frame.Id is { } id && !Ids.IsValid(id))
        {
            // The id is echoed as reply_to, so one that breaks the id rule is refused, not echoed.
            await SendAsync(Frame.Error(ErrorCodes.ValidationFailed, "id: " + Ids.Rule));
        }
        else
        {
            await new FrameHandler(this, frame).HandleAsync();
        }
    }

    private async Task KeepAliveLoopAsync(INodeSession self, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.KeepAlive);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await KeepAliveOnceAsync(self);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task KeepAliveOnceAsync(INodeSession self)
    {
        try
        {
            WithCorrelation(null);
            switch (await Node.SessionAliveAsync(Info.SessionId))
            {
                case SessionStanding.Unknown:
                    await Node.AttachSessionAsync(Info, self); // the node grain moved to another silo
                    break;
                case SessionStanding.Replaced:
                    Close(Replaced, ReplacedReason);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogKeepAliveFailed(_logger, Info.NodeId, ex); // the cluster is briefly unavailable; the next tick tries again
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.ReadAllAsync())
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _sendCut.Token);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var (status, reason) = _close ?? (WebSocketCloseStatus.NormalClosure, "closing");
                await _socket.CloseOutputAsync(status, reason, _sendCut.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _stop.Cancel(); // the peer is gone; stop reading too
        }
    }

    /// <summary>
    /// After the server's close, reads on (discarding) until the node answers it or goes away, within the grace: the
    /// connection ending at once could cut the close frame off, and the node would see a reset instead of the code.
    /// </summary>
    private async Task AwaitPeerCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseSent)
        {
            return;
        }

        using var grace = new CancellationTokenSource(CloseGrace);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while ((await _socket.ReceiveAsync(buffer.AsMemory(), grace.Token)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // the node went away or never answered; either way the session is over
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task LingerAsync(CancellationToken nodeGone)
    {
        try
        {
            await Task.Delay(CloseGrace, nodeGone);
        }
        catch (OperationCanceledException)
        {
            // the node hung up
        }
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

    /// <summary>
    /// Queues a frame, waiting for room while the node reads; false when the session is closing or the frame cannot be
    /// written. An outbox that stays full past Claw:Sockets:SlowConsumerSeconds means the node does not read: the
    /// session is closed with 1008 and counted.
    /// </summary>
    internal async ValueTask<bool> SendAsync(Frame frame)
    {
        byte[] bytes;
        try
        {
            bytes = frame.ToUtf8();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            FrameFailed(frame.Type, ex); // one frame that cannot be written costs that frame, never the session
            return false;
        }

        switch (await _outbox.AddAsync(bytes, TimeSpan.FromSeconds(Math.Max(0.1, _options.SlowConsumerSeconds))))
        {
            case SessionOutbox.Outcome.Queued:
                return true;
            case SessionOutbox.Outcome.Full:
                Refuse(SocketMetrics.SlowConsumer, WebSocketCloseStatus.PolicyViolation, "the node does not read its frames; send queue full", discardQueued: true);
                return false;
            default:
                return false;
        }
    }

    /// <summary>Logs a frame that failed; its type is the client's text, so only a plain frame-type name goes into the line.</summary>
    internal void FrameFailed(string frameType, Exception exception) => LogFrameFailed(
        _logger, Info.NodeId, Info.SessionId, frameType is { Length: <= 32 } && frameType.All(c => c is (>= 'a' and <= 'z') or '_') ? frameType : "unrecognised", exception);

    private TimeSpan CloseGrace => TimeSpan.FromSeconds(Math.Max(1, _options.CloseGraceSeconds));

    /// <summary>Closes the session for what the node did, counted by reason and logged.</summary>
    private void Refuse(string reason, WebSocketCloseStatus status, string description, bool discardQueued = false)
    {
        if (_close is null)
        {
            _metrics.Closed(reason);
            LogRefused(_logger, Info.NodeId, Info.SessionId, reason);
        }

        Close(status, description, discardQueued);
    }

    /// <summary>
    /// Sends the close after the queued frames (or instead of them, for a node that does not read); the receive loop
    /// stops, and a peer that never answers the close is cut off after the grace.
    /// </summary>
    private void Close(WebSocketCloseStatus status, string reason, bool discardQueued = false)
    {
        _close ??= (status, reason);
        _outbox.Complete(discardQueued);
        _stop.CancelAfter(CloseGrace);
        _sendCut.CancelAfter(CloseGrace);
    }

    /// <summary>Grain calls for a frame carry its correlation id, else the one of the connection's upgrade request.</summary>
    internal void WithCorrelation(string? correlationId) => RequestContext.Set(CorrelationContext.Key, correlationId ?? CorrelationId);

    internal IGrainFactory Grains => _grains;

    private static string Id(long frameId) => frameId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(600, LogLevel.Information, "Node {NodeId} connected (session {SessionId})")]
    private static partial void LogConnected(ILogger logger, string nodeId, string sessionId);

    [LoggerMessage(601, LogLevel.Information, "Node {NodeId} disconnected (session {SessionId}): {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string nodeId, string sessionId, string reason);

    [LoggerMessage(602, LogLevel.Warning, "Node {NodeId}: the session could not reach its node grain")]
    private static partial void LogKeepAliveFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(603, LogLevel.Warning, "Node {NodeId}: session {SessionId} closed by the server ({Reason})")]
    private static partial void LogRefused(ILogger logger, string nodeId, string sessionId, string reason);

    [LoggerMessage(604, LogLevel.Error, "Node {NodeId}: session {SessionId} could not handle a {FrameType} frame; the session goes on")]
    private static partial void LogFrameFailed(ILogger logger, string nodeId, string sessionId, string frameType, Exception exception);
}
