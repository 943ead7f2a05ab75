using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Queries;

/// <summary>
/// Filters and paging of <c>GET /tasks</c>; <see cref="PendingOrder"/> lists highest priority first (<c>/tasks/pending</c>);
/// <see cref="Skip"/> rows are skipped before the first page (ClawBot paging).
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.task-query")]
public sealed record TaskQuery(
    [property: Id(0)] ClawTaskStatus? Status,
    [property: Id(1)] string? Queue,
    [property: Id(2)] string? NodeId,
    [property: Id(3)] string? WorkflowId,
    [property: Id(4)] string? SwarmId,
    [property: Id(5)] TaskPriority? Priority,
    [property: Id(6)] int Limit,
    [property: Id(7)] string? Cursor,
    [property: Id(8)] bool PendingOrder,
    [property: Id(9)] int Skip = 0);
