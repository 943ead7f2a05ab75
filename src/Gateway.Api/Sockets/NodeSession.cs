using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Claw.Abstractions;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Gateway.Leases;

namespace Claw.Gateway.Sockets;

/// <summary>
/// One node's WebSocket. The node grain pushes through this object (a grain observer); frames the node sends go to
/// the same grain methods the HTTP endpoints call, so fencing and every lifecycle rule have one code path. All writes
/// to the socket go through one outbox and one sender, so frames never interleave.
/// </summary>
internal sealed partial class NodeSession : INodeSession
{
    internal const WebSocketCloseStatus Replaced = (WebSocketCloseStatus)4001;
    private const string ReplacedReason = "replaced by a newer session of this node";

    private readonly WebSocket _socket;
    private readonly IGrainFactory _grains;
    private readonly SocketOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Frame> _outbox = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TokenBucketRateLimiter _flood;
    private readonly CancellationTokenSource _stop = new();
    private (WebSocketCloseStatus Status, string Reason)? _close;

    public NodeSession(WebSocket socket, SessionInfo info, string correlationId, IGrainFactory grains, SocketOptions options, ILogger logger)
    {
        _socket = socket;
        Info = info;
        CorrelationId = correlationId;
        _grains = grains;
        _options = options;
        _logger = logger;
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
            Send(new Frame(FrameTypes.Connected, new
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
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // the connection dropped; the leases run on until they end or the node reconnects
        }
        finally
        {
            _outbox.Writer.TryComplete();
            await sender;
            await DetachAsync(self);
            _flood.Dispose();
            LogDisconnected(_logger, Info.NodeId, Info.SessionId, _close?.Reason ?? "connection closed");
        }
    }

    public Task<bool> AssignAsync(Assignment assignment, long frameId)
    {
        var frame = new Frame(FrameTypes.TaskAssigned, AssignmentResponse.From(assignment), Id(frameId), assignment.CorrelationId);
        return Task.FromResult(_close is null && _outbox.Writer.TryWrite(frame));
    }

    public Task NoticeAsync(SessionNotice notice)
    {
        Send(new Frame(notice.Type, new { task_id = notice.TaskId, lease_id = notice.LeaseId, reason = notice.Reason }, null, notice.CorrelationId));
        return Task.CompletedTask;
    }

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
                    Close(WebSocketCloseStatus.MessageTooBig, $"frames are limited to {_options.MaxFrameBytes} bytes");
                    return;
                }

                message.Write(buffer.AsSpan(0, received.Count));
                if (!received.EndOfMessage)
                {
                    continue;
                }

                if (!_flood.AttemptAcquire().IsAcquired)
                {
                    Close(WebSocketCloseStatus.PolicyViolation, "too many frames; rate limit exceeded");
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    Send(Frame.Error("binary_not_supported", "Frames are JSON text messages."));
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
            Send(Frame.Error(error!, error == "malformed_json" ? "The frame is not valid JSON." : "A frame is a JSON object with a string \"type\"."));
            return;
        }

        await new FrameHandler(this, frame).HandleAsync();
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
            await foreach (var frame in _outbox.Reader.ReadAllAsync())
            {
                await _socket.SendAsync(frame.ToUtf8(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var (status, reason) = _close ?? (WebSocketCloseStatus.NormalClosure, "closing");
                await _socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _stop.Cancel(); // the peer is gone; stop reading too
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

    internal void Send(Frame frame) => _outbox.Writer.TryWrite(frame);

    /// <summary>Sends the close after every queued frame; the receive loop stops at once.</summary>
    private void Close(WebSocketCloseStatus status, string reason)
    {
        _close ??= (status, reason);
        _outbox.Writer.TryComplete();
        _stop.CancelAfter(TimeSpan.FromSeconds(5)); // a peer that never answers the close is cut off
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
}
