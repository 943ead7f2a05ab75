using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;

namespace Claw.Gateway.Auth;

/// <summary>
/// After authentication: carries the caller's <see cref="Principal"/> into Orleans' <c>RequestContext</c> (beside the
/// correlation id) for every grain call the request causes, and into <see cref="HttpContext.Items"/> for handlers.
/// A credential's first success in a while is audited (once per principal per <see cref="SuccessAuditInterval"/> per
/// process, so the log shows who used the API without a row per request).
/// </summary>
internal sealed class PrincipalMiddleware(RequestDelegate next, GatewayAudit audit, TimeProvider time)
{
    public static readonly TimeSpan SuccessAuditInterval = TimeSpan.FromMinutes(5);

    private const string Item = "claw.principal";
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> Audited = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        var principal = ClawClaims.FromClaims(context.User);
        if (principal is null)
        {
            await next(context);
            return;
        }

        context.Items[Item] = principal;
        PrincipalContext.Set(principal);
        AuditSuccess(context, principal);
        try
        {
            await next(context);
        }
        finally
        {
            PrincipalContext.Set(null);
        }
    }

    /// <summary>The authenticated caller of this request, or null.</summary>
    public static Principal? Of(HttpContext context) => context.Items.TryGetValue(Item, out var value) ? value as Principal : null;

    private void AuditSuccess(HttpContext context, Principal principal)
    {
        if (principal.Kind == Principal.AnonymousId)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (Audited.TryGetValue(principal.Id, out var last) && now - last < SuccessAuditInterval)
        {
            return;
        }

        if (Audited.Count > 10_000)
        {
            Audited.Clear(); // bounded: a flood of distinct principals only means more success records
        }

        Audited[principal.Id] = now;
        audit.Record(context, AuditType.AuthenticationSuccess, principal, "allowed", principal.Kind);
    }
}
