namespace Claw.Abstractions.OpenClaw;

/// <summary>
/// The cluster's OpenClaw device identity: one Ed25519 key pair kept in storage, so every silo signs its connect proofs
/// as the same device (a gateway pairs a device once, not once per silo).
/// </summary>
[Alias("claw.IOpenClawDeviceGrain")]
public interface IOpenClawDeviceGrain : IGrainWithStringKey
{
    /// <summary>The 32-byte Ed25519 private key seed, created and stored on first use.</summary>
    [Alias("seed")]
    Task<byte[]> GetSeedAsync();
}
