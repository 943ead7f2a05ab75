namespace Claw.Abstractions.Identity;

/// <summary>
/// The cluster's Ed25519 signing key for capability tokens (key 0): created once, kept in storage, so every silo's
/// tokens verify with one key. The private key never leaves this grain: it signs, others get the public key.
/// </summary>
[Alias("claw.IClusterKeyGrain")]
public interface IClusterKeyGrain : IGrainWithIntegerKey
{
    /// <summary>The base64url Ed25519 signature of <paramref name="signingInput"/> (a JWT's <c>header.payload</c>) and the key's id.</summary>
    [Alias("sign")]
    Task<(string Kid, string Signature)> SignAsync(string signingInput);

    /// <summary>The key's id (<c>kid</c>) and raw public key in base64url.</summary>
    [Alias("public-key")]
    Task<(string Kid, string PublicKey)> GetPublicKeyAsync();
}
