namespace Claw.Grains.Telemetry;

/// <summary>Configuration section <c>Claw:Telemetry</c> (the label bounds of our meter).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Queues whose figures always carry their own <c>queue</c> label.</summary>
    public List<string> QueueLabels { get; set; } = [];

    /// <summary>Other queue names a silo labels, first come first served; later ones are counted as <c>other</c>.</summary>
    public int MaxQueueLabels { get; set; } = 50;
}
