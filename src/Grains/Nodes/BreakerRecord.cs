using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>One breaker of a node as its state keeps it (in the node's document, so every silo's dispatch sees the one owner's).</summary>
[GenerateSerializer]
public sealed class BreakerRecord
{
    [Id(0)] public BreakerState State { get; set; }

    /// <summary>Failures inside the window while closed, oldest first.</summary>
    [Id(1)] public List<DateTimeOffset> Failures { get; set; } = [];
    [Id(2)] public DateTimeOffset? OpenedAt { get; set; }

    /// <summary>When an open breaker lets its trial through.</summary>
    [Id(3)] public DateTimeOffset? HalfOpenAt { get; set; }

    /// <summary>When the half-open trial went out; null while none is out.</summary>
    [Id(4)] public DateTimeOffset? TrialAt { get; set; }
}
