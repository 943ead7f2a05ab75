using Claw.Abstractions.Monitoring;

namespace Claw.Grains.Monitoring;

/// <summary>What the state tables say now: nodes and swarms by status, queues, leases out and past their deadline, node breakers not closed.</summary>
public sealed record TableFigures(
    IReadOnlyDictionary<string, int> NodesByStatus,
    IReadOnlyDictionary<string, int> SwarmsByStatus,
    IReadOnlyList<QueueHealth> Queues,
    int ActiveLeases,
    int OverdueLeases,
    int TrippedBreakers = 0,
    int NodesWithTrippedBreakers = 0)
{
    public static readonly TableFigures Empty = new(new Dictionary<string, int>(), new Dictionary<string, int>(), [], 0, 0);

    public int NodesOnline => NodesByStatus.Where(n => n.Key is "online" or "draining").Sum(n => n.Value);

    public int Due => Queues.Sum(q => q.Due);
}
