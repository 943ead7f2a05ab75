using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Nodes;
using Claw.Grains.Audit;
using Claw.Grains.Storage;

namespace Claw.Grains.Identity;

/// <summary>
/// One capability token, keyed by its <c>jti</c>. Its record is the truth every silo asks when the token is presented;
/// a revocation or rotation is written first, then told to the node that holds the grant (so dispatch stops offering
/// at once) and to every gateway through the revocation hub. A daily reminder forgets the record 30 days past expiry.
/// </summary>
public sealed partial class CapabilityTokenGrain(
    [PersistentState("capability-token", AdoNetGrainStorage.ProviderName)] IPersistentState<CapabilityTokenState> state,
    AuditLog audit,
    TimeProvider time,
    ILogger<CapabilityTokenGrain> logger) : Grain, ICapabilityTokenGrain, IRemindable
{
    private const string Cleanup = "cleanup";
    private (string Kid, string PublicKey)? _clusterKey;

    private CapabilityTokenState T => state.State;

    private string Jti => this.GetPrimaryKeyString();

    public async Task<IssuedCapabilityToken> IssueAsync(CapabilityTokenSpec spec, string? parentJti)
    {
        if (T.IsIssued)
        {
            throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, $"Capability token '{Jti}' exists already.");
        }

        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        (T.NodeId, T.Capabilities, T.DataScope) = (spec.NodeId, [.. CapabilityJwt.Norm(spec.Capabilities)], [.. CapabilityJwt.Norm(spec.DataScope)]);
        (T.MaxConcurrentTasks, T.MaxGpuMinutes, T.IssuedAt, T.ExpiresAt, T.ParentJti) = (spec.MaxConcurrentTasks, spec.MaxGpuMinutes, now, now + spec.Ttl, parentJti);
        var keys = GrainFactory.GetGrain<IClusterKeyGrain>(0);
        var (kid, _) = await keys.GetPublicKeyAsync();
        var input = CapabilityJwt.SigningInput(kid, Grant(now), now);
        var (_, signature) = await keys.SignAsync(input);
        await state.WriteOrForgetAsync(this);
        await this.RegisterOrUpdateReminder(Cleanup, TimeSpan.FromDays(1), TimeSpan.FromDays(1));
        Audit(AuditType.TokenIssued, parentJti is null ? "issue" : "rotate", parentJti is null ? null : "parent " + parentJti);
        LogIssued(logger, Jti, T.NodeId, T.ExpiresAt);
        return new IssuedCapabilityToken(Jti, input + "." + signature, T.ExpiresAt, parentJti);
    }

    public async Task<CapabilityGrant> PresentAsync(string token, string nodeId, bool apply)
    {
        _clusterKey ??= await GrainFactory.GetGrain<IClusterKeyGrain>(0).GetPublicKeyAsync();
        var now = time.GetUtcNow();
        if (!T.IsIssued || CapabilityJwt.Verify(token, _clusterKey.Value.Kid, _clusterKey.Value.PublicKey) is not { } claims || claims.Jti != Jti || claims.NodeId != T.NodeId)
        {
            throw Refuse(401, nodeId, "The capability token is not one this cluster issued.");
        }

        if (T.NodeId != nodeId)
        {
            throw Refuse(403, nodeId, $"This capability token is for node '{T.NodeId}', not '{nodeId}'.");
        }

        var grant = Grant(now);
        if (grant.Revoked)
        {
            throw Refuse(401, nodeId, T.RevokedAt is null ? "The capability token has expired." : "The capability token was revoked.");
        }

        if (apply)
        {
            await GrainFactory.GetGrain<INodeGrain>(nodeId).SetGrantAsync(grant, presented: true);
        }

        return grant;
    }

    public async Task<IssuedCapabilityToken> RotateAsync(TimeSpan grace, TimeSpan? ttl)
    {
        var now = time.GetUtcNow();
        if (!T.IsIssued || Grant(now).Revoked)
        {
            throw T.IsIssued ? ClawException.Conflict(ErrorCodes.InvalidCapabilityToken, "A revoked or expired token cannot be rotated; issue a new one.") : ClawException.NotFound("capability token", Jti);
        }

        var spec = new CapabilityTokenSpec(T.NodeId, [.. T.Capabilities], [.. T.DataScope], T.MaxConcurrentTasks, T.MaxGpuMinutes, ttl ?? T.ExpiresAt - T.IssuedAt);
        var issued = await GrainFactory.GetGrain<ICapabilityTokenGrain>(Guid.NewGuid().ToString("N")).IssueAsync(spec, Jti);
        T.GraceUntil = T.GraceUntil is { } earlier && earlier < now + grace ? earlier : now + grace;
        await state.WriteOrForgetAsync(this);
        await TellNodeAsync(Grant(now));
        Audit(AuditType.TokenRenewed, "rotate", "child " + issued.Jti);
        return issued;
    }

    public async Task<bool> RevokeAsync()
    {
        if (!T.IsIssued)
        {
            return false;
        }

        T.RevokedAt ??= time.GetUtcNow();
        await state.WriteOrForgetAsync(this);
        await TellNodeAsync(Grant(time.GetUtcNow()));
        await GrainFactory.GetGrain<IRevocationHubGrain>(0).PublishAsync(new Revocation(Revocation.CapabilityToken, Jti));
        Audit(AuditType.TokenRevoked, "revoke", null);
        LogRevoked(logger, Jti, T.NodeId);
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!T.IsIssued || CapabilityRetention.CanForget(T.ValidUntil, time.GetUtcNow()))
        {
            if (T.IsIssued)
            {
                await state.ClearStateAsync();
                LogCleaned(logger, Jti);
            }

            if (await this.GetReminder(Cleanup) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            DeactivateOnIdle();
        }
    }

    private CapabilityGrant Grant(DateTimeOffset now) => CapabilityRule.AsOf(
        new CapabilityGrant(Jti, T.NodeId, [.. T.Capabilities], [.. T.DataScope], T.MaxConcurrentTasks, T.MaxGpuMinutes, T.ValidUntil, T.RevokedAt is not null, T.ParentJti), now)!;

    /// <summary>The node holding this token's grant learns of its change; a node that is gone has nothing to learn.</summary>
    private async Task TellNodeAsync(CapabilityGrant grant)
    {
        try
        {
            await GrainFactory.GetGrain<INodeGrain>(T.NodeId).SetGrantAsync(grant, presented: false);
        }
        catch (ClawException gone) when (gone.Code == ErrorCodes.NotFound)
        {
        }
    }

    private ClawException Refuse(int status, string nodeId, string detail)
    {
        audit.Record(new AuditEntry(time.GetUtcNow(), AuditType.AuthenticationFailure, PrincipalContext.Current?.Id ?? "system", nodeId, "present capability token",
            "capability_token:" + Jti, "denied", detail, RequestContext.Get(CorrelationContext.Key) as string));
        LogRefused(logger, Jti, nodeId, status);
        return new ClawException(status, status == 403 ? ErrorCodes.Forbidden : ErrorCodes.InvalidCapabilityToken, detail);
    }

    private void Audit(AuditType type, string action, string? reason) => audit.Record(new AuditEntry(time.GetUtcNow(), type,
        PrincipalContext.Current?.Id ?? "system", T.NodeId, action, "capability_token:" + Jti, "succeeded", reason, RequestContext.Get(CorrelationContext.Key) as string));

    [LoggerMessage(EventIds.CapabilityTokenIssued, LogLevel.Information, "Issued capability token {Jti} for node {NodeId}, valid until {ExpiresAt}")]
    private static partial void LogIssued(ILogger logger, string jti, string nodeId, DateTimeOffset expiresAt);

    [LoggerMessage(EventIds.CapabilityTokenRevoked, LogLevel.Information, "Revoked capability token {Jti} of node {NodeId}")]
    private static partial void LogRevoked(ILogger logger, string jti, string nodeId);

    [LoggerMessage(EventIds.CapabilityTokenCleaned, LogLevel.Information, "Forgot capability token {Jti}: 30 days past its expiry")]
    private static partial void LogCleaned(ILogger logger, string jti);

    [LoggerMessage(EventIds.CapabilityTokenRefused, LogLevel.Information, "Refused capability token {Jti} presented for node {NodeId} ({Status})")]
    private static partial void LogRefused(ILogger logger, string jti, string nodeId, int status);
}
