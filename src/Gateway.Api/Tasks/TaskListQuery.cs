using Claw.Abstractions.Queries;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Tasks;

/// <summary>Query string of the task lists; <c>bot_id</c> is the ClawBot name of <c>node_id</c>.</summary>
public sealed record TaskListQuery(
    string? Status,
    string? Queue,
    [FromQuery(Name = "node_id")] string? NodeId,
    [FromQuery(Name = "bot_id")] string? BotId,
    [FromQuery(Name = "workflow_id")] string? WorkflowId,
    [FromQuery(Name = "swarm_id")] string? SwarmId,
    string? Priority,
    int? Limit,
    string? Cursor)
{
    private static readonly Dictionary<string, ClawTaskStatus> Statuses =
        Enum.GetValues<ClawTaskStatus>().ToDictionary(s => s.Wire(), StringComparer.OrdinalIgnoreCase);

    public Paging Paging => new(Limit, Cursor);

    public ProblemHttpResult? Check()
    {
        var errors = new ValidationErrors()
            .Require(Status is null || Statuses.ContainsKey(Status), "status", "One of " + string.Join(", ", Statuses.Keys) + ".")
            .Require(Priority is null || Enum.GetNames<TaskPriority>().Contains(Priority, StringComparer.OrdinalIgnoreCase), "priority", "One of low, normal, high, critical.")
            .Require(Queue is null || Queues.IsValid(Queue), "queue", Queues.Rule)
            .Require((NodeId ?? BotId) is null || Ids.IsValid(NodeId ?? BotId), "node_id", Ids.Rule)
            .Require(WorkflowId is null || Ids.IsValid(WorkflowId), "workflow_id", Ids.Rule)
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule)
            .Require(Paging.IsValid, "limit", $"Between 1 and {Paging.MaxLimit}.");
        return errors.IsEmpty ? null : ValidationFilter.Invalid(errors);
    }

    public TaskQuery ToQuery(int limit, string? cursor, bool pendingOrder) => new(
        Status is null ? null : Statuses[Status],
        Queue,
        NodeId ?? BotId,
        WorkflowId,
        SwarmId,
        Priority is null ? null : Enum.Parse<TaskPriority>(Priority, ignoreCase: true),
        limit,
        cursor,
        pendingOrder);
}
