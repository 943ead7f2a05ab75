using System.Diagnostics.Metrics;

namespace Claw.Grains.Telemetry;

/// <summary>A counter by queue whose <c>queue</c> label passes through <see cref="QueueLabels"/>, so no caller can forget the bound.</summary>
public sealed class QueueCounter(Counter<long> counter, QueueLabels labels)
{
    /// <summary>Adds <paramref name="delta"/> under the bounded label of the queue in <paramref name="queue"/>.</summary>
    public void Add(long delta, KeyValuePair<string, object?> queue) =>
        counter.Add(delta, new KeyValuePair<string, object?>(queue.Key, labels.Of(queue.Value as string)));
}
