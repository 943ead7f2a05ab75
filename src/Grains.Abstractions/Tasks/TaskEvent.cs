namespace Claw.Abstractions.Tasks;

/// <summary>
/// One entry of a task's timeline. A failure (<c>failed</c>, <c>lease_expired</c>) carries its <see cref="Category"/>
/// (<c>retriable</c> or <c>permanent</c>) and the holder's <see cref="ErrorCode"/>, if it gave one; <see cref="By"/> is
/// the principal whose call caused it (null: the cluster itself).
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.task-event")]
public sealed record TaskEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int Attempt,
    [property: Id(3)] string? NodeId,
    [property: Id(4)] string? LeaseId,
    [property: Id(5)] string? CorrelationId,
    [property: Id(6)] string? Detail,
    [property: Id(7)] string? Category = null,
    [property: Id(8)] string? ErrorCode = null,
    [property: Id(9)] string? By = null);
