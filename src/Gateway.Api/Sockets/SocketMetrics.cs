using System.Diagnostics.Metrics;

namespace Claw.Gateway.Sockets;

/// <summary>The control channel's series on the <c>Claw.Orleans</c> meter: sessions the server closed, by reason.</summary>
public sealed class SocketMetrics
{
    public const string SlowConsumer = "slow_consumer";
    public const string FrameFlood = "frame_flood";
    public const string FrameTooBig = "frame_too_big";
    public const string ProtocolError = "protocol_error";

    private readonly Counter<long> _closed;

    public SocketMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create("Claw.Orleans");
        _closed = meter.CreateCounter<long>("claw.sockets.closed", description: "WebSocket sessions the server closed for the node's behaviour, by reason (slow_consumer, frame_flood, frame_too_big, protocol_error: text that is not UTF-8 or a broken frame).");
    }

    public void Closed(string reason) => _closed.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
