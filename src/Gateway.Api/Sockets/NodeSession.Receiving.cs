using System.Buffers;
using System.Net.WebSockets;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Sessions;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Sockets;

/// <summary>The session's reading side: frames in, each handled before the next is read, and the keep-alive.</summary>
internal sealed partial class NodeSession
{
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
            while (await timer.WaitForNextTickAsync(cancellationToken) && await KeepAliveOnceAsync(self))
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One keep-alive; false when the host is gone (its cluster client disposed at shutdown): nothing is left to keep alive.</summary>
    private async Task<bool> KeepAliveOnceAsync(INodeSession self)
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
        catch (ObjectDisposedException)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogKeepAliveFailed(_logger, Info.NodeId, ex); // the cluster is briefly unavailable; the next tick tries again
        }

        return true;
    }
}
