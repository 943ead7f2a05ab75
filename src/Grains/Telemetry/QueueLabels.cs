using System.Collections.Concurrent;

namespace Claw.Grains.Telemetry;

/// <summary>
/// The bounded set of queue names that become metric labels. Queue names are chosen by clients, and every label value
/// is a series Prometheus keeps: the configured names (<c>Claw:Telemetry:QueueLabels</c>) always keep their own label,
/// the first <c>Claw:Telemetry:MaxQueueLabels</c> other names this silo meets get one too, and every later one is
/// counted as <see cref="Other"/>. Per-queue figures of any queue stay available from the API.
/// </summary>
public sealed class QueueLabels
{
    public const string Other = "other";

    private readonly ConcurrentDictionary<string, bool> _labelled = new(StringComparer.Ordinal);
    private readonly Lock _learning = new();
    private readonly int _maxLearned;
    private int _learned;

    public QueueLabels(TelemetryOptions options)
    {
        foreach (var queue in options.QueueLabels)
        {
            _labelled[queue] = true;
        }

        _maxLearned = Math.Max(0, options.MaxQueueLabels);
    }

    /// <summary>The label of <paramref name="queue"/>: its name while the set has room for it, else <see cref="Other"/>.</summary>
    public string Of(string? queue)
    {
        if (queue is null)
        {
            return Other;
        }

        if (_labelled.ContainsKey(queue))
        {
            return queue;
        }

        lock (_learning)
        {
            if (_labelled.ContainsKey(queue))
            {
                return queue;
            }

            if (_learned >= _maxLearned)
            {
                return Other;
            }

            _learned++;
            _labelled[queue] = true;
            return queue;
        }
    }
}
