using Claw.Abstractions.Nodes;

namespace Claw.Abstractions.Identity;

/// <summary>
/// A node's Ed25519 identity (keyed by node id): proofs of its control-channel connections and results against the
/// public key it registered, the durable store of the nonces it signed with, and the rotation of its key.
/// </summary>
[Alias("claw.INodeIdentityGrain")]
public interface INodeIdentityGrain : IGrainWithStringKey
{
    /// <summary>True when the node has no key, or <paramref name="signature"/> signs <c>claw-connect-v1|{node}|{nonce}|{ts}</c> with it.</summary>
    [Alias("verify-connect")]
    Task<bool> VerifyConnectAsync(string nonce, string ts, string? signature);

    /// <summary>
    /// Passes a result on its way to the task, or throws: 401 <c>signature_required</c>, <c>stale_signature</c>,
    /// <c>bad_signature</c>, 409 <c>replayed</c>. Each verdict on a signature is audited.
    /// </summary>
    [Alias("check-result")]
    Task CheckResultAsync(ResultClaim claim);

    /// <summary>Replaces the node's key with <paramref name="publicKey"/> when the current key signed <c>claw-rotate-v1|{node}|{public_key}</c>.</summary>
    [Alias("rotate-key")]
    Task<NodeView> RotateKeyAsync(string publicKey, string signature);
}
