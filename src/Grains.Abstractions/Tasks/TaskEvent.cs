namespace Claw.Abstractions.Tasks;

/// <summary>One entry of a task's timeline.</summary>
[GenerateSerializer, Immutable, Alias("claw.task-event")]
public sealed record TaskEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int Attempt,
    [property: Id(3)] string? NodeId,
    [property: Id(4)] string? LeaseId,
    [property: Id(5)] string? CorrelationId,
    [property: Id(6)] string? Detail);
