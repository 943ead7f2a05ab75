namespace Claw.Grains.Nodes;

/// <summary>
/// Frees the slots of leases that ended without the node hearing of it. A node learns that a lease ended from a one-way
/// <see cref="Claw.Abstractions.Nodes.LeaseEnd"/> notice; when the silo that sends it dies after the end is committed
/// and before the notice leaves, nothing else would free the slot until the node's grain activates again. While the
/// node holds leases, the audit compares them with the tasks table every period.
/// </summary>
/// <remarks>
/// Two strikes: a lease is freed only when two audits in a row, a period apart, found it held in memory before their
/// query started and not active in storage. A lease is held only after its task's row records it, so a lease taken
/// while a query runs is never judged by it; and a notice on its way (the normal case, a commit behind the row) arrives
/// long before the second strike, so the notice's own path (counters, session notice) stays the one that frees it.
/// </remarks>
public sealed class LeaseAudit
{
    private HashSet<string> _suspects = new(StringComparer.Ordinal);

    /// <summary>
    /// One audit: <paramref name="heldBefore"/> is what the node held when the query started, <paramref name="active"/>
    /// what storage answered. The leases to free now; the rest of the missing ones become suspects for the next audit.
    /// </summary>
    public List<string> Judge(IEnumerable<string> heldBefore, IReadOnlySet<string> active)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var lost = new List<string>();
        foreach (var leaseId in heldBefore)
        {
            if (active.Contains(leaseId))
            {
                continue;
            }

            if (_suspects.Contains(leaseId))
            {
                lost.Add(leaseId);
            }
            else
            {
                missing.Add(leaseId);
            }
        }

        _suspects = missing;
        return lost;
    }

    /// <summary>Nothing held: nothing to suspect.</summary>
    public void Clear() => _suspects.Clear();
}
