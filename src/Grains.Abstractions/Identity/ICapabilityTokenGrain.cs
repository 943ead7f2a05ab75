namespace Claw.Abstractions.Identity;

/// <summary>One capability token (keyed by its <c>jti</c>): its record, presentation, rotation, revocation and cleanup.</summary>
[Alias("claw.ICapabilityTokenGrain")]
public interface ICapabilityTokenGrain : IGrainWithStringKey
{
    /// <summary>Records and signs a new token with this grain's id as its <c>jti</c>.</summary>
    [Alias("issue")]
    Task<IssuedCapabilityToken> IssueAsync(CapabilityTokenSpec spec, string? parentJti);

    /// <summary>The grant of <paramref name="token"/> once its signature, node, expiry and revocation are checked; see <see cref="ICapabilityTokensGrain.PresentAsync"/>.</summary>
    [Alias("present")]
    Task<CapabilityGrant> PresentAsync(string token, string nodeId, bool apply);

    /// <summary>A new token for the same node and grants, with this one as its <c>parent_jti</c>; this one stays valid for <paramref name="grace"/>.</summary>
    [Alias("rotate")]
    Task<IssuedCapabilityToken> RotateAsync(TimeSpan grace, TimeSpan? ttl);

    /// <summary>Revokes the token now; its node is offered nothing more under it. False when there is no such token.</summary>
    [Alias("revoke")]
    Task<bool> RevokeAsync();
}
