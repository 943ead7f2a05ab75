using System.Text.RegularExpressions;

namespace Claw.Abstractions.Audit;

/// <summary>
/// Replaces what looks like a secret in free text (a node's error, a progress message, an audit reason) by
/// <c>[redacted]</c>: passwords and keys in connection strings and <c>key=value</c> pairs, bearer tokens, our API keys,
/// JWTs, credentials in URLs, private-key blocks and well-known provider key prefixes. Text that looks like none is
/// returned as it was.
/// </summary>
public static partial class SecretRedactor
{
    public const string Marker = "[redacted]";

    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = PrivateKeyBlock().Replace(text, Marker);
        result = Pair().Replace(result, m => m.Groups["name"].Value + m.Groups["sep"].Value + Marker);
        result = Bearer().Replace(result, m => m.Groups["scheme"].Value + " " + Marker);
        result = UrlCredentials().Replace(result, m => m.Groups["scheme"].Value + m.Groups["user"].Value + ":" + Marker + "@");
        result = ClawKey().Replace(result, Marker);
        result = Jwt().Replace(result, Marker);
        return ProviderKey().Replace(result, Marker);
    }

    public static string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>
    /// <c>password=…</c>, <c>Pwd: …</c>, <c>api_key="…"</c>, <c>"secret": "…"</c>, also under a prefix (<c>lease_token=…</c>,
    /// <c>DB_PASSWORD=…</c>): the value up to a separator or closing quote.
    /// </summary>
    [GeneratedRegex("""(?<name>\b(?:[a-z0-9]+[_-])*(?:password|passwd|pwd|pass|secret|client_secret|api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|private[_-]?key|credentials?|connection[_-]?string|sas)\b["']?)(?<sep>\s*[:=]\s*["']?)[^\s;,&"'}\]]+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pair();

    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic))\s+[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"(?<scheme>\b[a-z][a-z0-9+.\-]*://)(?<user>[^\s:/@]+):[^\s@/]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"\bclaw_[0-9a-f]{8,64}_[A-Za-z0-9\-_]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex ClawKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9\-_]{5,}\.[A-Za-z0-9\-_]{5,}\.[A-Za-z0-9\-_]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    /// <summary>AWS access keys, OpenAI/Anthropic-style <c>sk-…</c>, GitHub and Slack tokens.</summary>
    [GeneratedRegex(@"\b(?:AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9\-_]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abpsr]-[A-Za-z0-9\-]{10,})", RegexOptions.CultureInvariant)]
    private static partial Regex ProviderKey();
}
