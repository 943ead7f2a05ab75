using System.Collections.Immutable;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>
/// A node's circuit breakers, with the semantics of Polly's circuit-breaker strategy (closed → open → half-open → closed
/// or open again): one for the node itself (scope <see cref="NodeProfile.AllTypes"/>) and one per task type it ran
/// (<c>""</c> for tasks without a type). Every outcome counts for both. <see cref="BreakerOptions.Failures"/> failures
/// inside <see cref="BreakerOptions.Window"/> open a closed breaker; for the node's own breaker they must also come in a
/// row (any success clears them: a node that still runs some type is not broken as a whole, so one failing type trips
/// only that type's breaker and the others still flow); after <see cref="BreakerOptions.Cooldown"/> it is
/// half-open and lets one trial task through; the trial's success closes it, its failure opens it again. A trial whose
/// outcome never comes (its task was cancelled) is replaced after another cooldown. Outcomes of tasks that were already
/// running when a breaker opened do not move it. A plain class over the node's stored records, on a given clock.
/// </summary>
public sealed class BreakerLedger(Dictionary<string, BreakerRecord> breakers, BreakerOptions options)
{
    private bool Enabled => options.Failures > 0;

    /// <summary>The outcome of one task of <paramref name="taskType"/> on the node; the breakers it moved.</summary>
    public List<BreakerChange> Record(string? taskType, bool success, DateTimeOffset now)
    {
        var changes = new List<BreakerChange>();
        if (!Enabled)
        {
            return changes;
        }

        foreach (var scope in new[] { NodeProfile.AllTypes, taskType ?? "" })
        {
            var breaker = breakers.TryGetValue(scope, out var found) ? found : breakers[scope] = new BreakerRecord();
            var from = Settle(breaker, now);
            Apply(breaker, success, now, consecutive: scope == NodeProfile.AllTypes);
            if (breaker.State != from)
            {
                changes.Add(new BreakerChange(scope, from, breaker.State, breaker.Failures.Count));
            }

            if (breaker.State == BreakerState.Closed && breaker.Failures.Count == 0)
            {
                breakers.Remove(scope); // a closed breaker with nothing to remember takes no room
            }
        }

        return changes;
    }

    /// <summary>
    /// The scopes dispatch keeps from the node now: open breakers, and half-open ones whose trial is out (all half-open
    /// ones unless <paramref name="withTrials"/>: then those waiting for a trial may get one).
    /// </summary>
    public ImmutableArray<string> Barred(DateTimeOffset now, bool withTrials = false) =>
        [.. breakers.Where(b => Settle(b.Value, now) switch
        {
            BreakerState.Open => true,
            BreakerState.HalfOpen => !withTrials || !TrialDue(b.Value, now),
            _ => false,
        }).Select(b => b.Key)];

    /// <summary>True when a half-open breaker waits for its trial.</summary>
    public bool TrialWanted(DateTimeOffset now) => breakers.Values.Any(b => Settle(b, now) == BreakerState.HalfOpen && TrialDue(b, now));

    /// <summary>A task of <paramref name="taskType"/> went to the node: it is the trial of each half-open breaker it passes.</summary>
    public void Dispatched(string? taskType, DateTimeOffset now)
    {
        foreach (var scope in new[] { NodeProfile.AllTypes, taskType ?? "" })
        {
            if (breakers.TryGetValue(scope, out var breaker) && Settle(breaker, now) == BreakerState.HalfOpen && TrialDue(breaker, now))
            {
                breaker.TrialAt = now;
            }
        }
    }

    /// <summary>When the next open breaker turns half-open, if any (the node takes again then).</summary>
    public DateTimeOffset? NextHalfOpenAt => breakers.Values.Where(b => b.State == BreakerState.Open).Select(b => b.HalfOpenAt).Min();

    public ImmutableArray<BreakerView> View(DateTimeOffset now) =>
    [
        .. breakers.OrderBy(b => b.Key == NodeProfile.AllTypes ? 0 : 1).ThenBy(b => b.Key, StringComparer.Ordinal).Select(b => new BreakerView(
            b.Key == NodeProfile.AllTypes ? null : b.Key, Settle(b.Value, now), Recent(b.Value, now), b.Value.OpenedAt, b.Value.HalfOpenAt,
            b.Value.TrialAt is not null && !TrialDue(b.Value, now))),
    ];

    /// <summary>Breakers open now (for the node's row and the monitoring status).</summary>
    public int OpenCount(DateTimeOffset now) => breakers.Values.Count(b => Settle(b, now) == BreakerState.Open);

    /// <summary>An open breaker whose cooldown ended is half-open; the state after that.</summary>
    private BreakerState Settle(BreakerRecord breaker, DateTimeOffset now)
    {
        if (breaker.State == BreakerState.Open && breaker.HalfOpenAt <= now)
        {
            breaker.State = BreakerState.HalfOpen;
            breaker.TrialAt = null;
        }

        return breaker.State;
    }

    private void Apply(BreakerRecord breaker, bool success, DateTimeOffset now, bool consecutive)
    {
        switch (breaker.State)
        {
            case BreakerState.Closed when success && consecutive:
                breaker.Failures.Clear();
                break;
            case BreakerState.Closed when !success:
                breaker.Failures.RemoveAll(at => at <= now - options.Window);
                breaker.Failures.Add(now);
                if (breaker.Failures.Count >= options.Failures)
                {
                    Open(breaker, now);
                }

                break;
            case BreakerState.HalfOpen when breaker.TrialAt is not null && success:
                breaker.State = BreakerState.Closed;
                breaker.Failures.Clear();
                breaker.OpenedAt = breaker.HalfOpenAt = breaker.TrialAt = null;
                break;
            case BreakerState.HalfOpen when breaker.TrialAt is not null:
                Open(breaker, now);
                break;
        }
    }

    private void Open(BreakerRecord breaker, DateTimeOffset now)
    {
        breaker.State = BreakerState.Open;
        breaker.OpenedAt = now;
        breaker.HalfOpenAt = now + options.Cooldown;
        breaker.TrialAt = null;
    }

    /// <summary>A half-open breaker wants a trial when none is out, or the one out is older than a cooldown (its outcome never came).</summary>
    private bool TrialDue(BreakerRecord breaker, DateTimeOffset now) => breaker.TrialAt is not { } at || now - at >= options.Cooldown;

    private int Recent(BreakerRecord breaker, DateTimeOffset now) => breaker.Failures.Count(at => at > now - options.Window);
}
