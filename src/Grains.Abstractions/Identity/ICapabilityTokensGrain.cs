namespace Claw.Abstractions.Identity;

/// <summary>
/// The front of capability tokens (key 0, a stateless worker on each silo): issues new ones and finds the token grain
/// of a presented token by the <c>jti</c> inside it.
/// </summary>
[Alias("claw.ICapabilityTokensGrain")]
public interface ICapabilityTokensGrain : IGrainWithIntegerKey
{
    [Alias("issue")]
    Task<IssuedCapabilityToken> IssueAsync(CapabilityTokenSpec spec);

    /// <summary>
    /// Checks a presented token for <paramref name="nodeId"/> (401 <c>invalid_capability_token</c>: not ours, expired,
    /// revoked; 403 when it names another node); with <paramref name="apply"/>, the node holds its grant from now on.
    /// </summary>
    [Alias("present")]
    Task<CapabilityGrant> PresentAsync(string token, string nodeId, bool apply);
}
