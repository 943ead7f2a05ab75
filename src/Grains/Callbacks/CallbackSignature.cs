using System.Security.Cryptography;
using System.Text;

namespace Claw.Grains.Callbacks;

/// <summary><c>X-Claw-Signature: sha256=&lt;hex&gt;</c>: the HMAC-SHA256 of the exact body bytes with the callback secret.</summary>
public static class CallbackSignature
{
    public const string Header = "X-Claw-Signature";
    public const string Prefix = "sha256=";

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(body, secret)), Encoding.ASCII.GetBytes(header));
}
