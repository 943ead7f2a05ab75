using Claw.Abstractions.Errors;

namespace Claw.Grains.Identity;

/// <summary>
/// What a registration may do to a node's key: give a node its first key, repeat the key it has (in base64 or
/// base64url), or leave it out (the key stays). Replacing it would let anyone who may register the node take over its
/// identity, so another key is refused: keys change by rotation, signed by the old key.
/// </summary>
public static class NodeKeyRule
{
    public static string? OnRegister(string? current, string? presented)
    {
        if (presented is null || current is null)
        {
            return presented ?? current;
        }

        return Same(current, presented)
            ? current
            : throw ClawException.Conflict(ErrorCodes.PublicKeyMismatch,
                "This node has another public_key; rotate it with PUT /nodes/{id}/public_key, signed by the current key.");
    }

    private static bool Same(string a, string b) =>
        Ed25519Keys.Decode(a, 32) is { } x && Ed25519Keys.Decode(b, 32) is { } y && x.AsSpan().SequenceEqual(y);
}
