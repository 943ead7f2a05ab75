using System.Collections.Immutable;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Grains.Dispatch;
using Claw.Grains.Events;
using Claw.Grains.Telemetry;

namespace Claw.Grains.Nodes;

/// <summary>
/// The node grain's circuit breakers: outcomes go to <see cref="BreakerLedger"/> (the rules), a breaker that opens or
/// closes is written with the node (its event in the same transaction), reported on <c>/metrics</c> and logged, and
/// the node's loops take again; a timer wakes them when a cooldown ends (the trial may go out). The state lives in the
/// node's document, so the one node grain, wherever it runs, is what every silo's dispatch asks.
/// </summary>
/// <param name="wake">Called when a breaker moved or a cooldown ended: the node's loops take again.</param>
public sealed class NodeBreakers(Grain grain, NodeRecord node, BreakerOptions options, ClawMetrics metrics, TimeProvider time, ILogger logger, Action wake)
{
    private IGrainTimer? _halfOpenTimer;

    private BreakerLedger Ledger => new(node.State.Breakers, options);

    /// <summary>Scopes dispatch keeps from the node now (with <paramref name="withTrials"/>: less the half-open ones waiting for their trial).</summary>
    public ImmutableArray<string> Barred(bool withTrials = false) => Ledger.Barred(time.GetUtcNow(), withTrials);

    public bool TrialWanted => Ledger.TrialWanted(time.GetUtcNow());

    public ImmutableArray<BreakerView> View() => Ledger.View(time.GetUtcNow());

    /// <summary>The node got these assignments: one may be a half-open breaker's trial.</summary>
    public void Dispatched(IEnumerable<Assignment> assignments)
    {
        var ledger = Ledger;
        foreach (var assignment in assignments)
        {
            ledger.Dispatched(assignment.Type, time.GetUtcNow());
        }
    }

    public async Task RecordAsync(string? taskType, bool success)
    {
        if (!node.State.IsRegistered)
        {
            return;
        }

        var now = time.GetUtcNow();
        var changes = Ledger.Record(taskType, success, now);
        if (changes.Count == 0)
        {
            return;
        }

        foreach (var change in changes)
        {
            Announce(change, now);
        }

        await node.WriteAsync();
        ArmHalfOpenTimer();
        wake();
    }

    /// <summary>Every breaker's state on this silo's <c>/metrics</c> (the grain came here, or a breaker moved).</summary>
    public void Report()
    {
        metrics.ForgetBreakers(node.NodeId);
        foreach (var breaker in View())
        {
            metrics.ReportBreaker(node.NodeId, breaker.TaskType ?? NodeProfile.AllTypes, (int)breaker.State);
        }

        ArmHalfOpenTimer();
    }

    private void Announce(BreakerChange change, DateTimeOffset now)
    {
        var scope = change.Scope == NodeProfile.AllTypes ? "the node" : $"task type '{change.Scope}'";
        metrics.ReportBreaker(node.NodeId, change.Scope, (int)change.To);
        if (change.To == BreakerState.Open)
        {
            logger.BreakerOpened(node.NodeId, scope, change.Failures);
        }
        else if (change.To == BreakerState.Closed)
        {
            logger.BreakerClosed(node.NodeId, scope);
        }

        if (change.To is BreakerState.Open or BreakerState.Closed)
        {
            var type = change.To == BreakerState.Open ? "node.breaker_opened" : "node.breaker_closed";
            var data = EventData.Of(("task_type", change.Scope == NodeProfile.AllTypes ? null : change.Scope), ("state", change.To.Wire()), ("failures", change.Failures));
            node.State.Outbox.Add(new OutboxEvent(type, now, CorrelationId: RequestContext.Get(CorrelationContext.Key) as string, DataJson: data));
        }
    }

    /// <summary>When the next cooldown ends the loops take again, so the trial goes out without waiting for other work.</summary>
    private void ArmHalfOpenTimer()
    {
        _halfOpenTimer?.Dispose();
        _halfOpenTimer = null;
        if (Ledger.NextHalfOpenAt is { } at)
        {
            _halfOpenTimer = grain.RegisterGrainTimer(() =>
            {
                logger.BreakerHalfOpen(node.NodeId, "its breakers");
                Report();
                wake();
                return Task.CompletedTask;
            }, new GrainTimerCreationOptions(Timing.GrainDeadline.TimerDue(at - time.GetUtcNow()), Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }
}
