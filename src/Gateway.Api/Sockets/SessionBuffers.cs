using System.Collections.Concurrent;
using Claw.Abstractions.Monitoring;

namespace Claw.Gateway.Sockets;

/// <summary>The send queues of this gateway's live WebSocket sessions, for the monitoring status's <c>buffer_utilization</c>.</summary>
public sealed class SessionBuffers
{
    private readonly ConcurrentDictionary<SessionOutbox, byte> _live = new();

    /// <summary>This gateway's sessions and its fullest send queue's utilization (0..1).</summary>
    public GatewayFigures Figures()
    {
        var outboxes = _live.Keys.ToList();
        return new GatewayFigures(outboxes.Count, outboxes.Select(o => o.Utilization).DefaultIfEmpty(0).Max());
    }

    /// <summary>Counts <paramref name="outbox"/> until the returned handle is disposed (the session ended).</summary>
    internal IDisposable Track(SessionOutbox outbox)
    {
        _live[outbox] = 0;
        return new Tracked(this, outbox);
    }

    private sealed class Tracked(SessionBuffers buffers, SessionOutbox outbox) : IDisposable
    {
        public void Dispose() => buffers._live.TryRemove(outbox, out _);
    }
}
