using System.Net;

namespace Claw.Gateway.Auth;

/// <summary>Which of the host's listen addresses (<c>--urls</c>) reach beyond this machine.</summary>
public static class ListenAddresses
{
    /// <summary>The URLs of <c>urls</c> (ASP.NET Core's <c>;</c>-separated list).</summary>
    public static IReadOnlyList<string> Parse(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// True for <c>localhost</c> and loopback IPs; false for wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>),
    /// other addresses and host names, and anything that does not read as a URL (refusing is the safe side).
    /// </summary>
    public static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        if (host is null)
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    private static string? HostOf(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return null;
        }

        var rest = url[(scheme + 3)..];
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = end < 0 ? rest : rest[..end];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? null : authority[..(close + 1)];
        }

        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }
}
