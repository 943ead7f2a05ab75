namespace Claw.Abstractions.Monitoring;

/// <summary>The thresholds in force and when an operator last set them (null: the defaults, never set or reset).</summary>
[GenerateSerializer, Immutable, Alias("claw.stored-thresholds")]
public sealed record StoredThresholds(
    [property: Id(0)] AlertThresholds Thresholds,
    [property: Id(1)] DateTimeOffset? UpdatedAt);
