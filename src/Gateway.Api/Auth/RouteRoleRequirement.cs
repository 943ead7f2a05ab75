using Microsoft.AspNetCore.Authorization;

namespace Claw.Gateway.Auth;

/// <summary>The one authorization requirement of every endpoint: the caller meets the route's <see cref="RouteRoles"/> rule.</summary>
public sealed class RouteRoleRequirement : IAuthorizationRequirement;
