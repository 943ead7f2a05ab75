using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Gateway.Http;

namespace Claw.Gateway.Auth;

/// <summary>
/// The gateway's audit writer: one-way to the audit grain (the silo's batched writer), never failing the request it
/// describes. Later trust features (signatures, capability tokens) record through <see cref="Record(AuditEntry)"/> too.
/// </summary>
public sealed class GatewayAudit(IGrainFactory grains, TimeProvider time)
{
    public void Record(AuditEntry entry)
    {
        try
        {
            grains.GetGrain<IAuditGrain>(0).RecordAsync(entry).Ignore();
        }
        catch (Exception ex) when (ex is InvalidOperationException or OrleansException)
        {
            // The client is not connected (yet): an audit record is not worth failing the request for.
        }
    }

    /// <summary>A record of what <paramref name="http"/> asked, by <paramref name="principal"/> (or who it claimed to be).</summary>
    public void Record(HttpContext http, AuditType type, string principal, string result, string? reason, string? nodeId = null) =>
        Record(new AuditEntry(time.GetUtcNow(), type, principal, nodeId, $"{http.Request.Method} {http.Request.Path}", Resource(http), result, reason, http.CorrelationId()));

    public void Record(HttpContext http, AuditType type, Principal principal, string result, string? reason) =>
        Record(http, type, principal.Id, result, reason, principal.NodeId);

    /// <summary>What the request names: the route's template with its values, e.g. <c>/api/v1/tasks/abc/complete</c>.</summary>
    private static string Resource(HttpContext http) => http.Request.Path.Value ?? "/";
}
