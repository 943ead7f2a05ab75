using Claw.Abstractions.Auth;
using Microsoft.AspNetCore.Authorization;

namespace Claw.Gateway.Auth;

/// <summary>
/// Judges <see cref="RouteRoleRequirement"/>: open routes pass anybody; the others need an authenticated principal of
/// the route's least role, and on an agent's node routes, the node it is bound to. Why a caller was refused is kept
/// for the 403's detail and the audit log.
/// </summary>
internal sealed class RouteRoleHandler : AuthorizationHandler<RouteRoleRequirement>
{
    /// <summary>HttpContext item holding why an authenticated caller was refused.</summary>
    public const string DenialItem = "claw.auth_denial";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RouteRoleRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            return Task.CompletedTask;
        }

        var template = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var access = template is null ? RouteRoles.For(http.Request.Method, http.Request.Path.Value) : RouteRoles.ForTemplate(http.Request.Method, template);
        if (access.Role is not { } least)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        if (ClawClaims.FromClaims(context.User) is not { } principal)
        {
            return Task.CompletedTask; // not authenticated: a 401
        }

        var denial = Denial(principal, least, access.NodeSelf ? http.Request.RouteValues["id"] as string : null, access.NodeSelf);
        if (denial is null)
        {
            context.Succeed(requirement);
        }
        else
        {
            http.Items[DenialItem] = denial;
        }

        return Task.CompletedTask;
    }

    private static string? Denial(Principal principal, ClawRole least, string? nodeId, bool nodeSelf)
    {
        if (!principal.IsAtLeast(least))
        {
            return $"This needs the {least.Wire()} role; the credentials have {principal.Role.Wire()}.";
        }

        return nodeSelf && !principal.ActsFor(nodeId)
            ? $"An agent acts for its own node only; these credentials are {(principal.NodeId is { } bound ? $"bound to node '{bound}'" : "bound to no node")}."
            : null;
    }
}
