namespace Claw.Grains.Identity;

/// <summary>
/// API.md's freshness of a signed result: its <c>ts</c> (Unix seconds) may be up to five minutes old and at most
/// thirty seconds ahead of this server's clock. A nonce needs remembering only while its <c>ts</c> is still fresh.
/// </summary>
public static class SignatureWindow
{
    public static readonly TimeSpan Past = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan Future = TimeSpan.FromSeconds(30);

    public static bool IsFresh(long ts, DateTimeOffset now)
    {
        var at = now.ToUnixTimeSeconds();
        return ts >= at - (long)Past.TotalSeconds && ts <= at + (long)Future.TotalSeconds;
    }

    /// <summary>True once a nonce signed at <paramref name="ts"/> can no longer pass <see cref="IsFresh"/>: it may be forgotten.</summary>
    public static bool HasAgedOut(long ts, DateTimeOffset now) => ts < now.ToUnixTimeSeconds() - (long)Past.TotalSeconds;
}
