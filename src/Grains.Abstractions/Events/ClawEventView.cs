namespace Claw.Abstractions.Events;

/// <summary>One row of the cluster-wide timeline: a state change, ordered by <see cref="Seq"/> (the SSE event id).</summary>
[GenerateSerializer, Immutable, Alias("claw.event-view")]
public sealed record ClawEventView(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? TaskId,
    [property: Id(4)] string? NodeId,
    [property: Id(5)] string? WorkflowId,
    [property: Id(6)] string? SwarmId,
    [property: Id(7)] string? Queue,
    [property: Id(8)] int? Attempt,
    [property: Id(9)] string? CorrelationId,
    [property: Id(10)] string? Detail,
    [property: Id(11)] string? DataJson);
