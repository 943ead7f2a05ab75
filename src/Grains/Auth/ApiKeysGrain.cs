using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Queries;
using Claw.Grains.Audit;
using Orleans.Concurrency;

namespace Claw.Grains.Auth;

/// <summary>
/// The keys of the cluster, straight from their table (<see cref="KeyStore"/>); a revocation is written first, then
/// fanned out to every gateway's cache through the hub, and audited.
/// </summary>
[StatelessWorker]
public sealed class ApiKeysGrain(KeyStore keys, AuditLog audit, TimeProvider time) : Grain, IApiKeysGrain
{
    public async Task<IssuedApiKey> CreateAsync(ApiKeySpec spec, string createdBy)
    {
        var issued = await keys.CreateAsync(spec, createdBy);
        Audit(AuditType.KeyCreated, createdBy, issued.Key, "create", $"role {spec.Role.Wire()}");
        return issued;
    }

    public Task<Page<ApiKeyView>> ListAsync(int limit, string? cursor) => keys.ListAsync(limit, cursor);

    public Task<StoredApiKey?> FindAsync(string id) => keys.FindAsync(id);

    public async Task<ApiKeyView?> RevokeAsync(string id)
    {
        if (await keys.RevokeAsync(id) is not { } revoked)
        {
            return null;
        }

        await GrainFactory.GetGrain<IRevocationHubGrain>(0).PublishAsync(new Revocation(Revocation.ApiKey, id));
        Audit(AuditType.KeyRevoked, PrincipalContext.Current?.Id ?? "system", revoked, "revoke", null);
        return revoked;
    }

    public async Task<int> RevokeNodeKeysAsync(string nodeId)
    {
        var ids = await keys.RevokeNodeKeysAsync(nodeId);
        var hub = GrainFactory.GetGrain<IRevocationHubGrain>(0);
        await Task.WhenAll(ids.Select(id => hub.PublishAsync(new Revocation(Revocation.ApiKey, id))));
        foreach (var id in ids)
        {
            audit.Record(new AuditEntry(time.GetUtcNow(), AuditType.KeyRevoked, PrincipalContext.Current?.Id ?? "system", nodeId, "revoke", "api_key:" + id, "succeeded", "node deregistered", CorrelationId));
        }

        return ids.Length;
    }

    private void Audit(AuditType type, string by, ApiKeyView key, string action, string? reason) =>
        audit.Record(new AuditEntry(time.GetUtcNow(), type, by, key.NodeId, action, "api_key:" + key.Id, "succeeded", reason, CorrelationId));

    private static string? CorrelationId => RequestContext.Get(CorrelationContext.Key) as string;
}
