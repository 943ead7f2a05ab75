using System.Collections.Concurrent;

namespace Claw.Grains.Telemetry;

/// <summary>
/// Counts every grain call a silo receives (one-way notices included), by grain class: <c>claw_grain_calls_total</c>.
/// It is how the benchmark reports grain calls per task from a counter rather than an estimate. Not async on purpose:
/// it adds no state machine and no hop to the call it counts.
/// </summary>
public sealed class GrainCallCounter(ClawMetrics metrics) : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<Type, KeyValuePair<string, object?>> _tags = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        metrics.GrainCalls.Add(1, _tags.GetOrAdd(context.Grain.GetType(), static t => new KeyValuePair<string, object?>("grain", t.Name)));
        return context.Invoke();
    }
}
