using System.Collections.Immutable;
using Claw.Abstractions.Sessions;

namespace Claw.Grains.Sessions;

/// <summary>Soft state: see <see cref="ISessionDirectoryGrain"/>. Nothing here is written; node grains refresh it.</summary>
public sealed class SessionDirectoryGrain(TimeProvider time) : Grain, ISessionDirectoryGrain
{
    private const int KeepAlivesBeforeDropped = 3;

    private readonly Dictionary<string, (SessionInfo Session, DateTimeOffset Until)> _sessions = new(StringComparer.Ordinal);

    public Task UpsertAsync(SessionInfo session)
    {
        _sessions[session.NodeId] = (session, time.GetUtcNow() + session.KeepAlive * KeepAlivesBeforeDropped);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string nodeId, string sessionId)
    {
        if (_sessions.TryGetValue(nodeId, out var entry) && entry.Session.SessionId == sessionId)
        {
            _sessions.Remove(nodeId);
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<SessionInfo>> ListAsync()
    {
        var now = time.GetUtcNow();
        foreach (var stale in _sessions.Where(s => s.Value.Until <= now).Select(s => s.Key).ToList())
        {
            _sessions.Remove(stale);
        }

        return Task.FromResult(_sessions.Values.Select(s => s.Session).OrderBy(s => s.ConnectedAt).ToImmutableArray());
    }
}
