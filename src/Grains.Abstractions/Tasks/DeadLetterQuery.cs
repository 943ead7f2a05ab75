namespace Claw.Abstractions.Tasks;

/// <summary>
/// Which dead letters (<c>failed</c> tasks) a bulk retry takes: by queue, swarm, workflow and the time they failed
/// (at or after <see cref="FailedSince"/>), oldest failure first, one page of up to <see cref="Limit"/> after <see cref="Cursor"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.dead-letter-query")]
public sealed record DeadLetterQuery(
    [property: Id(0)] string? Queue,
    [property: Id(1)] string? SwarmId,
    [property: Id(2)] string? WorkflowId,
    [property: Id(3)] DateTimeOffset? FailedSince,
    [property: Id(4)] int Limit,
    [property: Id(5)] string? Cursor,
    [property: Id(6)] string? Reason = null);
