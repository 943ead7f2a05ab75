using System.Diagnostics.Metrics;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Tasks;

/// <summary>
/// The places this silo has for pending tasks in memory (<see cref="TaskOptions.MaxResidentPending"/>). A pending task
/// only waits for a node, and a node that takes it costs it one read; a hundred thousand of them in memory cost every
/// other task the longer collection pauses.
/// </summary>
public sealed class PendingResidency
{
    private readonly int _limit;
    private int _held;

    public PendingResidency(IOptions<TaskOptions> options, IMeterFactory meterFactory)
    {
        _limit = Math.Max(0, options.Value.MaxResidentPending);
        meterFactory.Create(ClawMetrics.MeterName, ClawMetrics.Version).CreateObservableGauge(
            "claw.tasks.pending.resident", () => Volatile.Read(ref _held), description: "Pending tasks this silo keeps in memory (up to Claw:Tasks:MaxResidentPending).");
    }

    /// <summary>Takes a place; false when all are taken.</summary>
    public bool TryHold()
    {
        if (Interlocked.Increment(ref _held) <= _limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _held);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _held);
}
