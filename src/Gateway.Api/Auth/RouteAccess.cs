using Claw.Abstractions.Auth;

namespace Claw.Gateway.Auth;

/// <summary>What a route asks of its caller: no credentials at all (<see cref="Open"/>), or a least role, and for node routes that an agent act for that node.</summary>
/// <param name="Role">The least role; null for <see cref="Open"/> routes.</param>
/// <param name="NodeSelf">An agent may call it only for the node it is bound to (the route's <c>{id}</c>).</param>
public sealed record RouteAccess(ClawRole? Role, bool NodeSelf = false)
{
    public static readonly RouteAccess Open = new((ClawRole?)null);
    public static readonly RouteAccess Reader = new(ClawRole.Reader);
    public static readonly RouteAccess Agent = new(ClawRole.Agent);
    public static readonly RouteAccess AgentForNode = new(ClawRole.Agent, NodeSelf: true);
    public static readonly RouteAccess Operator = new(ClawRole.Operator);
    public static readonly RouteAccess Admin = new(ClawRole.Admin);
}
