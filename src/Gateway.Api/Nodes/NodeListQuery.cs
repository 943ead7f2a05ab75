using Claw.Abstractions.Nodes;
using Claw.Abstractions.Queries;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Nodes;

/// <summary>Query string of the node lists: Claw's <c>limit</c>/<c>cursor</c>, or ClawBot's <c>skip</c>/<c>limit</c> on <c>/bots</c>.</summary>
public sealed record NodeListQuery(string? Status, string? Capability, [FromQuery(Name = "swarm_id")] string? SwarmId, int? Skip, int? Limit, string? Cursor)
{
    public Paging Paging => new(Limit, Cursor);

    public SkipPaging SkipPaging => new(Skip, Limit);

    /// <summary>The filters' errors, and the paging's of the form asked: skip/limit (<paramref name="skipForm"/>) or limit/cursor.</summary>
    public ProblemHttpResult? Check(bool skipForm = false)
    {
        var errors = new ValidationErrors()
            .Require(Status is null || Enum.GetNames<NodeStatus>().Contains(Status, StringComparer.OrdinalIgnoreCase), "status", "One of offline, online, busy, draining.")
            .Require(Capability is null || Capability.Length is > 0 and <= Strings.MaxLength && !Capability.Any(char.IsControl), "capability", Strings.Rule)
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule);
        if (skipForm)
        {
            SkipPaging.Check(errors);
        }
        else
        {
            errors.Require(Paging.IsValid, "limit", $"Between 1 and {Paging.MaxLimit}.");
        }

        return errors.IsEmpty ? null : ValidationFilter.Invalid(errors);
    }

    public NodeQuery ToQuery(int limit, string? cursor, int skip = 0) => new(
        Status is null ? null : Enum.Parse<NodeStatus>(Status, ignoreCase: true),
        Capability,
        SwarmId,
        limit,
        cursor,
        skip);
}
