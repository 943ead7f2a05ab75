using Claw.Abstractions.Audit;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Auth;

/// <summary>Query of <c>GET /audit</c>: <c>type, principal, node_id, since, until</c>, <c>limit</c> and <c>cursor</c>.</summary>
public sealed record AuditListQuery(
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "principal")] string? Principal,
    [FromQuery(Name = "node_id")] string? NodeId,
    [FromQuery(Name = "since")] DateTimeOffset? Since,
    [FromQuery(Name = "until")] DateTimeOffset? Until,
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "cursor")] string? Cursor)
{
    public Paging Paging => new(Limit, Cursor);

    public ProblemHttpResult? Check()
    {
        var errors = new ValidationErrors()
            .Require(Type is null || WireText.All<AuditType>().Contains(Type), "type", "One of " + string.Join(", ", WireText.All<AuditType>()) + ".")
            .Require(Principal is null || Principal.Length <= 200, "principal", "At most 200 characters.")
            .Require(NodeId is null || Ids.IsValid(NodeId), "node_id", Ids.Rule)
            .Require(Paging.IsValid, "limit", $"Between 1 and {Paging.MaxLimit}; a cursor this server issued.");
        return errors.IsEmpty ? null : ValidationFilter.Invalid(errors);
    }

    public AuditQuery ToQuery() => new(
        Type is null ? null : Enum.Parse<AuditType>(Type.Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
        Principal, NodeId, Since, Until, Paging.Size, Cursor);
}
