using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Leases;

/// <summary>
/// When a lease is live: from its issue until its deadline, which each renewal moves to a full timeout from the renewal.
/// Only the holder of its token may renew or end it, and only while it is live. The lease grain is the only judge; these are its rules.
/// </summary>
public static class LeaseValidity
{
    /// <summary>The lease as issued on <paramref name="terms"/>: active, not renewed, until their deadline.</summary>
    public static void Hold(LeaseState lease, LeaseTerms terms)
    {
        lease.TaskId = terms.TaskId;
        lease.NodeId = terms.NodeId;
        lease.Token = terms.Token;
        lease.Attempt = terms.Attempt;
        lease.Fence = terms.Fence;
        lease.Queue = terms.Queue;
        lease.TimeoutSeconds = terms.TimeoutSeconds;
        lease.Status = LeaseStatus.Active;
        lease.IssuedAt = terms.IssuedAt;
        lease.ExpiresAt = terms.ExpiresAt;
        lease.Renewals = 0;
        lease.EndReason = null;
    }

    /// <summary>A renewal: the deadline is a full timeout from <paramref name="now"/>.</summary>
    public static void Renew(LeaseState lease, DateTimeOffset now)
    {
        lease.ExpiresAt = now.AddSeconds(lease.TimeoutSeconds);
        lease.Renewals++;
    }

    /// <summary>True when an active lease is at or past its deadline (it ends as expired at the next check).</summary>
    public static bool HasExpired(LeaseState lease, DateTimeOffset now) => lease.Status == LeaseStatus.Active && now >= lease.ExpiresAt;

    /// <summary>True when <paramref name="token"/> is the lease's own.</summary>
    public static bool IsHolder(LeaseState lease, string token) => lease.Exists && string.Equals(token, lease.Token, StringComparison.Ordinal);

    /// <summary>Null for the holder of a live lease; otherwise why a renewal or an end is refused.</summary>
    public static LeaseOutcome? Refusal(LeaseState lease, string token) => !IsHolder(lease, token)
        ? LeaseOutcome.WrongToken
        : lease.Status switch
        {
            LeaseStatus.Active => null,
            LeaseStatus.Expired => LeaseOutcome.Expired,
            _ => LeaseOutcome.NotActive,
        };

    /// <summary>
    /// True when the holder repeats an end this lease already took: the first call's answer was lost before its task
    /// wrote the end (the task's silo died, or its write failed), so the task asks again to write it now.
    /// </summary>
    public static bool IsRepeatedEnd(LeaseState lease, string token, LeaseStatus end) => IsHolder(lease, token) && lease.Status == end;

    /// <summary>
    /// True when the holder ended the lease but its task never wrote that end, and the deadline has passed. Only a task
    /// that still records the lease as live asks about an ended one (the two writes are apart, and a silo died or a write
    /// failed between them); the holder could repeat its call until the deadline, and past it the lease is taken back.
    /// </summary>
    public static bool EndWasNotRecorded(LeaseState lease, DateTimeOffset now) =>
        (lease.Status is LeaseStatus.Completed or LeaseStatus.Failed or LeaseStatus.Released) && now >= lease.ExpiresAt;
}
