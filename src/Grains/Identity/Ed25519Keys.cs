using System.Buffers.Text;
using NSec.Cryptography;

namespace Claw.Grains.Identity;

/// <summary>
/// Ed25519 through NSec for node identity: public keys travel as their raw 32 bytes in base64url (padded base64 is
/// read too, as registrations made before signing existed sent it), signatures as their raw 64 bytes in base64url.
/// </summary>
public static class Ed25519Keys
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    /// <summary>True when <paramref name="text"/> is a 32-byte public key in base64url or base64 that NSec accepts.</summary>
    public static bool IsPublicKey(string? text) => TryImport(text, out _);

    public static bool TryImport(string? text, out PublicKey key)
    {
        key = null!;
        return Decode(text, 32) is { } raw && PublicKey.TryImport(Ed25519, raw, KeyBlobFormat.RawPublicKey, out key!);
    }

    /// <summary>Verifies a base64url (or base64) signature of <paramref name="message"/> by the key in <paramref name="publicKey"/>.</summary>
    public static bool Verify(string? publicKey, ReadOnlySpan<byte> message, string? signature) =>
        TryImport(publicKey, out var key) && Decode(signature, 64) is { } raw && Ed25519.Verify(key, message, raw);

    /// <summary>Exactly <paramref name="length"/> bytes from base64url or base64 text; null otherwise.</summary>
    public static byte[]? Decode(string? text, int length) =>
        text is { Length: > 0 and <= 200 } && Decode64(text) is { } bytes && bytes.Length == length ? bytes : null;

    /// <summary>The bytes of base64url or base64 text (padded or not); null when it is not that.</summary>
    public static byte[]? Decode64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        var buffer = new byte[(standard.Length / 4 * 3) + 3];
        return Convert.TryFromBase64String(standard, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>Base64url without padding (the form the server writes).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);
}
