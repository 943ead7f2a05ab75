using Claw.Abstractions.Monitoring;

namespace Claw.Grains.Monitoring;

/// <summary>The persisted alert thresholds; none stored means the defaults.</summary>
[GenerateSerializer]
public sealed class ThresholdsState
{
    [Id(0)] public AlertThresholds? Thresholds { get; set; }
    [Id(1)] public DateTimeOffset? UpdatedAt { get; set; }
}
