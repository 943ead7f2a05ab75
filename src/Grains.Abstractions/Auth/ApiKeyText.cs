using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Claw.Abstractions.Auth;

/// <summary>
/// The text of an API key, <c>claw_{id}_{secret}</c>: a 16-hex-digit id (public: it names the key in lists, audit and
/// revocation) and a 256-bit random secret (base64url). Only the SHA-256 of the secret is stored: the secret is random,
/// so a fast hash is as good as a slow one, and it keeps every request's check cheap.
/// </summary>
public static class ApiKeyText
{
    public const string Prefix = "claw_";

    /// <summary>Longer presented keys are refused unread.</summary>
    public const int MaxLength = 200;

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(string id, string secret) => $"{Prefix}{id}_{secret}";

    /// <summary>Splits a presented key; false for anything that is not <c>claw_{16 hex}_{secret}</c>.</summary>
    public static bool TryParse(string? text, out string id, out string secret)
    {
        (id, secret) = ("", "");
        if (text is null || text.Length > MaxLength || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text.AsSpan(Prefix.Length);
        var split = rest.IndexOf('_');
        if (split != 16 || rest.Length - split - 1 < 16 || !IsHex(rest[..split]))
        {
            return false;
        }

        (id, secret) = (rest[..split].ToString(), rest[(split + 1)..].ToString());
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares a presented secret with a stored hash in constant time.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
