using Claw.Abstractions.Identity;
using Orleans.Concurrency;

namespace Claw.Grains.Identity;

/// <summary>The front of capability tokens: a new <c>jti</c> per token, and a presented token routed to its own grain.</summary>
[StatelessWorker]
public sealed class CapabilityTokensGrain : Grain, ICapabilityTokensGrain
{
    public Task<IssuedCapabilityToken> IssueAsync(CapabilityTokenSpec spec) =>
        GrainFactory.GetGrain<ICapabilityTokenGrain>(Guid.NewGuid().ToString("N")).IssueAsync(spec, null);

    public Task<CapabilityGrant> PresentAsync(string token, string nodeId, bool apply) =>
        CapabilityJwt.ClaimedJti(token) is { Length: 32 } jti && jti.All(char.IsAsciiHexDigitLower)
            ? GrainFactory.GetGrain<ICapabilityTokenGrain>(jti).PresentAsync(token, nodeId, apply)
            : throw new Abstractions.Errors.ClawException(401, Abstractions.Errors.ErrorCodes.InvalidCapabilityToken, "The capability token is not one this cluster issued.");
}
