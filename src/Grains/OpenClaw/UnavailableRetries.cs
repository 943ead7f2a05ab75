namespace Claw.Grains.OpenClaw;

/// <summary>
/// How often a turn asks again when the gateway answers <c>UNAVAILABLE</c> (retryable) under the same idempotency key.
/// Before the run began the gateway is busy or starting: many asks. After, it may have lost a race with its own restart
/// recovery ("changed while starting work. Retry."), or the run failed for good and the same key answers that from its
/// cache: a few asks tell the two apart, then it is the attempt's failure.
/// </summary>
public static class UnavailableRetries
{
    /// <summary>Refusals as unavailable in a row after which the turn fails (retriably) instead of asking again.</summary>
    public const int MaxBeforeStart = 20;

    /// <summary>The same, once the gateway accepted the run.</summary>
    public const int MaxAfterStart = 3;

    /// <summary>Whether to ask again after the <paramref name="refusals"/>-th unavailable answer in a row.</summary>
    public static bool AskAgain(int refusals, bool accepted) => refusals < (accepted ? MaxAfterStart : MaxBeforeStart);
}
