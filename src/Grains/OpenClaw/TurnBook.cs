using System.Collections.Concurrent;
using System.Text.Json;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The turns a gateway connection runs: one per lease (those started on the gateway are its sessions in use), and each
/// agent request in flight by its run id, so the gateway's streamed events reach the turn that sent it.
/// </summary>
internal sealed class TurnBook
{
    private readonly ConcurrentDictionary<string, AgentTurn> _byLease = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentTurn> _byRun = new(StringComparer.Ordinal);

    /// <summary>Turns started on the gateway: the sessions in use.</summary>
    public int Running => _byLease.Values.Count(t => t.Running);

    public bool IsEmpty => _byLease.IsEmpty;

    /// <summary>False when the lease runs here already (the node grain pushed it again).</summary>
    public bool TryAdd(AgentTurn turn) => _byLease.TryAdd(turn.LeaseId, turn);

    public void Remove(AgentTurn turn) => _byLease.TryRemove(turn.LeaseId, out _);

    public void AddRun(string runId, AgentTurn turn) => _byRun[runId] = turn;

    public void RemoveRun(string runId) => _byRun.TryRemove(runId, out _);

    /// <summary>Hands a gateway event to the turn whose run it names; false when it names none here.</summary>
    public bool Route(string name, JsonElement payload)
    {
        if (payload.Str("runId") is not { } runId || !_byRun.TryGetValue(runId, out var turn))
        {
            return false;
        }

        turn.OnEvent(name, payload);
        return true;
    }

    /// <summary>The turns of <paramref name="taskId"/>, of its lease <paramref name="leaseId"/> when given.</summary>
    public IEnumerable<AgentTurn> Of(string taskId, string? leaseId) =>
        _byLease.Values.Where(t => t.TaskId == taskId && (leaseId is null || t.LeaseId == leaseId));

    /// <summary>Every turn loses its lease for <paramref name="reason"/> (see <see cref="AgentTurn.Lose"/>).</summary>
    public void LoseAll(string reason, bool abort = true)
    {
        foreach (var turn in _byLease.Values)
        {
            turn.Lose(reason, abort);
        }
    }
}
