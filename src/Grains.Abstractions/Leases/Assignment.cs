using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Leases;

/// <summary>What a node receives for one leased task attempt (<c>poll</c> answers and <c>task_assigned</c> frames).</summary>
[GenerateSerializer, Immutable, Alias("claw.assignment")]
public sealed record Assignment(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string LeaseId,
    [property: Id(2)] string LeaseToken,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] int Attempt,
    [property: Id(5)] string Queue,
    [property: Id(6)] string? Type,
    [property: Id(7)] TaskPriority Priority,
    [property: Id(8)] string? TaskPayloadJson,
    [property: Id(9)] string CorrelationId);
