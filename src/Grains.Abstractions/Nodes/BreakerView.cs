namespace Claw.Abstractions.Nodes;

/// <summary>
/// One breaker of a node: <see cref="TaskType"/> null is the node's own (every type), <c>""</c> tasks without a type.
/// <see cref="Failures"/> counts the failures inside the window while closed.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.breaker-view")]
public sealed record BreakerView(
    [property: Id(0)] string? TaskType,
    [property: Id(1)] BreakerState State,
    [property: Id(2)] int Failures,
    [property: Id(3)] DateTimeOffset? OpenedAt,
    [property: Id(4)] DateTimeOffset? HalfOpenAt,
    [property: Id(5)] bool TrialOut);
