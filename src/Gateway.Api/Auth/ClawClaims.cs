using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using Claw.Abstractions.Auth;

namespace Claw.Gateway.Auth;

/// <summary>
/// A <see cref="Principal"/> as ASP.NET Core carries it (one identity with our claim types), and the way back; and the
/// reading of an identity provider's token claims into one.
/// </summary>
public static class ClawClaims
{
    public const string Id = "claw:id";
    public const string Role = "claw:role";
    public const string Swarm = "claw:swarm";
    public const string Queue = "claw:queue";
    public const string Node = "claw:node";
    public const string Kind = "claw:kind";

    /// <summary>
    /// The principal each user made by <see cref="ToClaims"/> stands for, so reading it back on every request is a
    /// lookup (auth mode None hands every request the same user); held weakly, it goes with its user.
    /// </summary>
    private static readonly ConditionalWeakTable<ClaimsPrincipal, Principal> Made = new();

    /// <summary>Every request's role claim is read back through this: a lookup, not a search.</summary>
    private static readonly FrozenDictionary<string, ClawRole> RolesByWire = Enum.GetValues<ClawRole>().ToFrozenDictionary(r => r.Wire(), StringComparer.Ordinal);

    public static ClaimsPrincipal ToClaims(Principal principal, string scheme)
    {
        var claims = new List<Claim> { new(Id, principal.Id), new(Role, principal.Role.Wire()), new(Kind, principal.Kind) };
        claims.AddRange(principal.SwarmIds.Select(s => new Claim(Swarm, s)));
        claims.AddRange(principal.Queues.Select(q => new Claim(Queue, q)));
        if (principal.NodeId is { } node)
        {
            claims.Add(new Claim(Node, node));
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, Id, Role));
        Made.AddOrUpdate(user, principal);
        return user;
    }

    /// <summary>The principal of an authenticated user, or null when it carries none of ours.</summary>
    public static Principal? FromClaims(ClaimsPrincipal user)
    {
        if (Made.TryGetValue(user, out var made))
        {
            return made;
        }

        if (user.Identity is not { IsAuthenticated: true } || user.FindFirst(Id)?.Value is not { } id || ParseRole(user.FindFirst(Role)?.Value) is not { } role)
        {
            return null;
        }

        return new Principal(
            id,
            role,
            [.. user.FindAll(Swarm).Select(c => c.Value)],
            [.. user.FindAll(Queue).Select(c => c.Value)],
            user.FindFirst(Node)?.Value,
            user.FindFirst(Kind)?.Value ?? "unknown");
    }

    /// <summary>
    /// The principal a validated identity-provider token speaks for: <c>sub</c>, the role claim, and optional
    /// <c>swarm_ids</c>, <c>queues</c> (JSON arrays, or space-separated) and <c>node_id</c>. Null without a known role.
    /// </summary>
    public static Principal? FromToken(IEnumerable<Claim> claims, string roleClaim)
    {
        var list = claims.ToList();
        var subject = list.FirstOrDefault(c => c.Type == "sub")?.Value;
        var role = list.Where(c => c.Type == roleClaim).Select(c => ParseRole(c.Value)).FirstOrDefault(r => r is not null);
        if (string.IsNullOrWhiteSpace(subject) || role is null)
        {
            return null;
        }

        return new Principal("jwt:" + subject, role.Value, Values(list, "swarm_ids"), Values(list, "queues"), list.FirstOrDefault(c => c.Type == "node_id")?.Value, "jwt");
    }

    public static ClawRole? ParseRole(string? text) => text is not null && RolesByWire.TryGetValue(text, out var role) ? role : null;

    private static ImmutableArray<string> Values(List<Claim> claims, string type) =>
        [.. claims.Where(c => c.Type == type).SelectMany(c => Split(c.Value)).Distinct(StringComparer.Ordinal)];

    private static IEnumerable<string> Split(string value)
    {
        if (value.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(value) ?? [];
            }
            catch (JsonException)
            {
                return [];
            }
        }

        return value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
