using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Claw.Gateway.Auth;

/// <summary>
/// Who may call which route (API.md "Security"), in one table read top down: the first rule whose method and route
/// template match decides. Routes are matched by their template with the base path (<c>/api/v1</c> or <c>/api</c>)
/// taken off, so a route another area adds later gets the right default: reads need <c>reader</c>, anything else
/// <c>operator</c>. docs/security.md prints this table.
/// </summary>
public static partial class RouteRoles
{
    private static readonly (string Methods, Regex Route, RouteAccess Access)[] Rules =
    [
        ("*", Route("^/(health(/live|/ready)?)?$"), RouteAccess.Open),
        // The control channel authenticates itself: by header before the upgrade, or by its first frame after it.
        ("*", Route("^/ws/control$"), RouteAccess.Open),
        // The operator console's files hold no data (everything it shows it asks the API for, with the key it asks the
        // operator for), and a browser cannot attach a bearer header to a page it navigates to.
        ("GET HEAD", Route("^/console(/.*)?$"), RouteAccess.Open),
        ("*", Route("^/auth/keys(/.*)?$"), RouteAccess.Admin),
        ("*", Route("^/auth/capability-tokens(/.*)?$"), RouteAccess.Operator),
        ("*", Route("^/audit(/.*)?$"), RouteAccess.Admin),
        ("GET HEAD", Route(".*"), RouteAccess.Reader),
        ("POST", Route("^/(nodes|bots)$"), RouteAccess.Agent),
        ("POST", Route("^/(nodes|bots)/{id}/(heartbeat|poll|busy|available|drain)$"), RouteAccess.AgentForNode),
        ("DELETE", Route("^/(nodes|bots)/{id}$"), RouteAccess.AgentForNode),
        ("PUT", Route("^/(nodes|bots)/{id}/public_key$"), RouteAccess.AgentForNode),
        ("POST", Route("^/tasks/{id}/(start|progress|complete|fail)$"), RouteAccess.Agent),
        ("POST", Route("^/leases/{id}/(heartbeat|complete|fail|release)$"), RouteAccess.Agent),
        ("*", Route(".*"), RouteAccess.Operator),
    ];

    /// <summary>Routes are few and so are methods; past this many (methods are the client's text), rules are not kept.</summary>
    private const int MaxKnownTemplates = 1024;

    private static readonly ConcurrentDictionary<(string Method, string Template), RouteAccess> KnownTemplates = new();

    /// <summary><see cref="For"/> of an endpoint's route template, worked out once per method and template.</summary>
    public static RouteAccess ForTemplate(string method, string template)
    {
        if (KnownTemplates.TryGetValue((method, template), out var access))
        {
            return access;
        }

        access = For(method, template);
        if (KnownTemplates.Count < MaxKnownTemplates)
        {
            KnownTemplates[(method, template)] = access;
        }

        return access;
    }

    /// <summary>The access rule of a route template (as routing knows it) called with <paramref name="method"/>.</summary>
    public static RouteAccess For(string method, string? template)
    {
        var route = Normalize(template);
        foreach (var (methods, pattern, access) in Rules)
        {
            if ((methods == "*" || methods.Split(' ').Contains(method, StringComparer.OrdinalIgnoreCase)) && pattern.IsMatch(route))
            {
                return access;
            }
        }

        return RouteAccess.Operator;
    }

    /// <summary><c>/api/v1/tasks/{id}/</c> → <c>/tasks/{id}</c>; route parameters of any name read as <c>{id}</c> when first.</summary>
    public static string Normalize(string? template)
    {
        var route = "/" + (template ?? "").Trim('/');
        foreach (var prefix in new[] { "/api/v1", "/api" })
        {
            if (route.Equals(prefix, StringComparison.Ordinal) || route.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                route = route[prefix.Length..];
                break;
            }
        }

        route = route.Length == 0 ? "/" : route;
        return Parameter().Replace(route, "{id}");
    }

    private static Regex Route(string pattern) =>
        new(pattern.Replace("{id}", @"\{id\}", StringComparison.Ordinal), RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>The first route parameter of a template segment (<c>{id}</c>, <c>{id:guid}</c>, <c>{taskId}</c>).</summary>
    [GeneratedRegex(@"\{(id|[a-z]*Id)(:[^}]*)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();
}
