using Claw.Gateway.Validation;

namespace Claw.Gateway.WireGuard;

/// <summary>Body of <c>POST /wireguard/peers</c>: the node and its WireGuard (Curve25519) public key, 32 bytes in base64.</summary>
public sealed record AllocatePeerRequest(string? NodeId, string? PublicKey) : IValidatable
{
    public void Validate(ValidationErrors errors) => errors
        .Require(Ids.IsValid(NodeId), "node_id", "Required. " + Ids.Rule)
        .Require(IsCurve25519Key(PublicKey), "public_key", "Required: a WireGuard public key, 32 bytes in base64 (44 characters, as `wg pubkey` prints it).");

    private static bool IsCurve25519Key(string? text)
    {
        Span<byte> bytes = stackalloc byte[48];
        return text is { Length: 44 } && Convert.TryFromBase64String(text, bytes, out var written) && written == 32;
    }
}
