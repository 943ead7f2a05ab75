using Claw.Abstractions.Queries;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Tasks;

/// <summary>
/// Query string of the task lists; <c>bot_id</c> is the ClawBot name of <c>node_id</c>. Paging is Claw's
/// (<c>limit</c>, <c>cursor</c>), ClawBot's (<c>skip</c>, <c>limit</c>), or a bare list's <c>limit</c>.
/// </summary>
public sealed record TaskListQuery(
    string? Status,
    string? Queue,
    [FromQuery(Name = "node_id")] string? NodeId,
    [FromQuery(Name = "bot_id")] string? BotId,
    [FromQuery(Name = "workflow_id")] string? WorkflowId,
    [FromQuery(Name = "swarm_id")] string? SwarmId,
    string? Priority,
    int? Skip,
    int? Limit,
    string? Cursor)
{
    private static readonly Dictionary<string, ClawTaskStatus> Statuses =
        Enum.GetValues<ClawTaskStatus>().ToDictionary(s => s.Wire(), StringComparer.OrdinalIgnoreCase);

    public Paging Paging => new(Limit, Cursor);

    public SkipPaging SkipPaging => new(Skip, Limit);

    /// <summary>The filters, with Claw's paging (<c>limit</c> up to 500 and a <c>cursor</c>).</summary>
    public ProblemHttpResult? Check() => Checked(Filters().Require(Paging.IsValid, "limit", $"Between 1 and {Paging.MaxLimit}."));

    /// <summary>The filters, with ClawBot's paging (<c>skip</c>, <c>limit</c> up to 1000).</summary>
    public ProblemHttpResult? CheckSkip() => Checked(SkipPaging.Check(Filters()));

    /// <summary>The filters, with a bare list's <c>limit</c> (1 to <paramref name="max"/>).</summary>
    public ProblemHttpResult? CheckBare(int max) => Checked(Filters().Require(Limit is null || Limit >= 1 && Limit <= max, "limit", $"Between 1 and {max}."));

    private static ProblemHttpResult? Checked(ValidationErrors errors) => errors.IsEmpty ? null : ValidationFilter.Invalid(errors);

    private ValidationErrors Filters() => new ValidationErrors()
            .Require(Status is null || Statuses.ContainsKey(Status), "status", "One of " + string.Join(", ", Statuses.Keys) + ".")
            .Require(Priority is null || Enum.GetNames<TaskPriority>().Contains(Priority, StringComparer.OrdinalIgnoreCase), "priority", "One of low, normal, high, critical.")
            .Require(Queue is null || Queues.IsValid(Queue), "queue", Queues.Rule)
            .Require((NodeId ?? BotId) is null || Ids.IsValid(NodeId ?? BotId), "node_id", Ids.Rule)
            .Require(WorkflowId is null || Ids.IsValid(WorkflowId), "workflow_id", Ids.Rule)
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule);

    public TaskQuery ToQuery(int limit, string? cursor, bool pendingOrder, int skip = 0) => new(
        Status is null ? null : Statuses[Status],
        Queue,
        NodeId ?? BotId,
        WorkflowId,
        SwarmId,
        Priority is null ? null : Enum.Parse<TaskPriority>(Priority, ignoreCase: true),
        limit,
        cursor,
        pendingOrder,
        skip);
}
