using System.Collections.Immutable;
using Claw.Abstractions.Auth;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Auth;

/// <summary>Body of <c>POST /auth/keys</c>.</summary>
public sealed record CreateKeyRequest(string? Name, string? Role, List<string>? SwarmIds, List<string>? Queues, string? NodeId, DateTimeOffset? ExpiresAt) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 200, "name", "Required, at most 200 characters.")
            .Require(ClawClaims.ParseRole(Role) is not null, "role", "One of " + string.Join(", ", WireText.All<ClawRole>()) + ".")
            .Require(NodeId is null || Ids.IsValid(NodeId), "node_id", Ids.Rule)
            .Require(NodeId is null || Role == ClawRole.Agent.Wire(), "node_id", "Only an agent key is bound to a node.")
            .Require(ExpiresAt is null || ExpiresAt > DateTimeOffset.UtcNow, "expires_at", "Must lie in the future.");
        errors.Require(Queues is null || (Queues.Count <= Strings.MaxItems && Queues.All(Validation.Queues.IsValid)), "queues", $"At most {Strings.MaxItems} queue names: {Validation.Queues.Rule}")
            .Require(SwarmIds is null || (SwarmIds.Count <= Strings.MaxItems && SwarmIds.All(Ids.IsValid)), "swarm_ids", $"At most {Strings.MaxItems} swarm ids: {Ids.Rule}");
    }

    public ApiKeySpec ToSpec() => new(Name!, ClawClaims.ParseRole(Role)!.Value, [.. (SwarmIds ?? []).Distinct()], [.. (Queues ?? []).Distinct()], NodeId, ExpiresAt);
}
