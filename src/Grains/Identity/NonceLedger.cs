namespace Claw.Grains.Identity;

/// <summary>
/// The nonces one node has signed with, each beside its <c>ts</c>: a nonce is remembered while a result carrying it
/// could still pass the freshness window, and forgotten after (so the set stays as small as five minutes of results).
/// </summary>
public static class NonceLedger
{
    /// <summary>At most this many nonces live per node: a node signing faster than that in five minutes is refused.</summary>
    public const int MaxLive = 20_000;

    public const int MaxNonceLength = 128;

    public enum Verdict
    {
        Admitted,
        Replayed,
        Full,
    }

    /// <summary>Forgets aged-out nonces, then admits <paramref name="nonce"/> unless it is known (or the ledger is full).</summary>
    public static Verdict Admit(Dictionary<string, long> seen, string nonce, long ts, DateTimeOffset now)
    {
        Trim(seen, now);
        if (seen.ContainsKey(nonce))
        {
            return Verdict.Replayed;
        }

        if (seen.Count >= MaxLive)
        {
            return Verdict.Full;
        }

        seen[nonce] = ts;
        return Verdict.Admitted;
    }

    /// <summary>Removes every nonce whose <c>ts</c> has left the window; answers how many went.</summary>
    public static int Trim(Dictionary<string, long> seen, DateTimeOffset now)
    {
        var old = seen.Where(n => SignatureWindow.HasAgedOut(n.Value, now)).Select(n => n.Key).ToList();
        old.ForEach(n => seen.Remove(n));
        return old.Count;
    }

    public static bool IsValidNonce(string? nonce) =>
        nonce is { Length: > 0 and <= MaxNonceLength } && nonce.All(c => c is > ' ' and < (char)127);
}
