using System.Collections.Immutable;
using Claw.Abstractions.Auth;

namespace Claw.Gateway.Auth;

/// <summary><c>GET /auth/me</c>: who the credentials act as.</summary>
public sealed record MeResponse(string Principal, ClawRole Role, ImmutableArray<string> SwarmIds, ImmutableArray<string> Queues, string? NodeId, string Kind)
{
    public static MeResponse From(Principal p) => new(p.Id, p.Role, p.SwarmIds, p.Queues, p.NodeId, p.Kind);
}
