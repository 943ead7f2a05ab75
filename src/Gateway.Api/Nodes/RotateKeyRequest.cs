using Claw.Gateway.Validation;

namespace Claw.Gateway.Nodes;

/// <summary>Body of <c>PUT /nodes/{id}/public_key</c>: the new key, and the old key's signature of <c>claw-rotate-v1|{node_id}|{public_key}</c>.</summary>
public sealed record RotateKeyRequest(string? PublicKey, string? Signature) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors
        .Require(RegisterNodeRequest.IsEd25519PublicKey(PublicKey), "public_key", RegisterNodeRequest.PublicKeyRule)
        .Require(Signature is { Length: > 0 and <= 200 }, "signature", "Required: the current key's base64url Ed25519 signature.");
}
