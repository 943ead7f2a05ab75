using Claw.Abstractions.Nodes;
using Claw.Abstractions.Queries;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Nodes;

/// <summary>Query string of the node lists.</summary>
public sealed record NodeListQuery(string? Status, string? Capability, [FromQuery(Name = "swarm_id")] string? SwarmId, int? Limit, string? Cursor)
{
    public Paging Paging => new(Limit, Cursor);

    public ProblemHttpResult? Check()
    {
        var errors = new ValidationErrors()
            .Require(Status is null || Enum.GetNames<NodeStatus>().Contains(Status, StringComparer.OrdinalIgnoreCase), "status", "One of offline, online, busy, draining.")
            .Require(Paging.IsValid, "limit", $"Between 1 and {Paging.MaxLimit}.")
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule);
        return errors.IsEmpty ? null : ValidationFilter.Invalid(errors);
    }

    public NodeQuery ToQuery(int limit, string? cursor) => new(
        Status is null ? null : Enum.Parse<NodeStatus>(Status, ignoreCase: true),
        Capability,
        SwarmId,
        limit,
        cursor);
}
