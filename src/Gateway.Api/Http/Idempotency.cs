using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Http;

/// <summary>
/// <c>Idempotency-Key</c> (alias <c>X-Claw-Idempotency-Key</c>): the key decides the new resource's id, so a retry lands
/// on the same grain, and a fingerprint of the parsed body tells a replay (200 + <c>Idempotent-Replay: true</c>)
/// from a conflicting reuse of the key (409).
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string AliasHeader = "X-Claw-Idempotency-Key";
    public const string ReplayHeader = "Idempotent-Replay";
    public const int MaxKeyLength = 255;

    /// <summary>The key, null when absent; throws 422 <c>validation_failed</c> for an unusable key.</summary>
    public static string? Key(HttpContext http)
    {
        var key = http.Request.Headers[Header].FirstOrDefault() ?? http.Request.Headers[AliasHeader].FirstOrDefault();
        if (key is not null && !IsUsable(key))
        {
            throw Abstractions.Errors.ClawException.Invalid($"The {Header} header must be {Rule}");
        }

        return key;
    }

    /// <summary>What a key must be, in a header or a body's <c>idempotency_key</c>.</summary>
    public static string Rule => $"1–{MaxKeyLength} printable characters.";

    public static bool IsUsable(string key) => key.Length is > 0 and <= MaxKeyLength && !key.Any(char.IsControl);

    /// <summary>A UUID derived from the key, stable across retries and silos.</summary>
    public static string IdFor(string scope, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // RFC 4122 name-based layout
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    public static string Fingerprint<T>(HttpContext http, T body)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, options)));
    }

    public static void MarkReplay(HttpContext http) => http.Response.Headers[ReplayHeader] = "true";
}
