using System.Collections.Immutable;

namespace Claw.Abstractions.WireGuard;

/// <summary>
/// The WireGuard address pool of <c>Claw:WireGuard:Cidr</c>: one grain owns every allocation, so no address is handed
/// out twice on any silo, and each change is written to storage before it is answered.
/// </summary>
[Alias("claw.IWireGuardPoolGrain")]
public interface IWireGuardPoolGrain : IGrainWithStringKey
{
    /// <summary>The key of the one pool.</summary>
    const string Key = "wireguard-pool";

    /// <summary>
    /// An address for <paramref name="nodeId"/> (the one it already has, with the key updated), or 409
    /// <c>pool_exhausted</c> when none is free.
    /// </summary>
    [Alias("allocate")]
    Task<WireGuardPeer> AllocateAsync(string nodeId, string publicKey);

    /// <summary>Frees the node's address; false when it had none.</summary>
    [Alias("release")]
    Task<bool> ReleaseAsync(string nodeId);

    [Alias("get")]
    Task<WireGuardPeer?> GetAsync(string nodeId);

    [Alias("list")]
    Task<ImmutableArray<WireGuardPeer>> ListAsync();

    [Alias("stats")]
    Task<PoolStats> StatsAsync();
}
