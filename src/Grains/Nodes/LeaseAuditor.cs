namespace Claw.Grains.Nodes;

/// <summary>
/// Keeps a node's leases in step with the tasks table (<see cref="NodeLeaseQuery"/>): rebuilt from it when the grain
/// activates, then audited against it every period while the grain is active (<see cref="LeaseAudit"/>), freeing the
/// slots the audit judges lost, as a lease-end notice would have. An idle
/// node's tick reads nothing. The tick interleaves, so a slow database (an outage) never holds up the node's calls; the
/// audit judges only what was held before its read, so whatever those calls change meanwhile is safe.
/// </summary>
public sealed class LeaseAuditor(
    Grain grain, SlotLedger slots, NodePush push, NodeWork work, Func<Task<HashSet<string>>> readActive, TimeSpan period, ILogger logger, string nodeId)
{
    private readonly LeaseAudit _audit = new();
    private IGrainTimer? _timer;
    private bool _reading;

    /// <summary>A registered node's activation: its leases as the tasks table holds them, then the audit.</summary>
    public async Task RestoreAsync()
    {
        slots.Rebuild(await readActive());
        Start();
    }

    /// <summary>Starts the ticks; nothing changes when they run already. They never keep the grain active.</summary>
    public void Start() => _timer ??=
        grain.RegisterGrainTimer(AuditAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = false, Interleave = true });

    private async Task AuditAsync(CancellationToken cancellationToken)
    {
        if (slots.LeaseCount == 0)
        {
            _audit.Clear();
            return;
        }

        if (_reading)
        {
            return;
        }

        var heldBefore = slots.Leases.ToList();
        HashSet<string> active;
        try
        {
            _reading = true;
            active = await readActive();
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException)
        {
            logger.LeaseAuditFailed(nodeId, exception);
            return;
        }
        finally
        {
            _reading = false;
        }

        foreach (var leaseId in _audit.Judge(heldBefore, active))
        {
            if (push.LeaseEnded(leaseId, lost: false, notice: null))
            {
                logger.LeaseEndUnheard(nodeId, leaseId);
                work.WakeAll();
            }
        }
    }
}
