using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Leases;

/// <summary>
/// One attempt's time-bounded ownership. Only this grain decides whether the lease is live: it owns the deadline,
/// enforced by a grain timer and, should its silo die, by the queue partition's sweep reminder.
/// Calls come down from the task grain; its notices back to the task are one-way, so the two never wait on each other.
/// </summary>
[Alias("claw.ILeaseGrain")]
public interface ILeaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Issues the lease on <paramref name="terms"/>. A lease stored under another token was never handed out (its task
    /// did not record it) and is replaced, unless <paramref name="onlyNew"/>: then any stored lease is left as it is and
    /// the answer is null.
    /// </summary>
    [Alias("issue")]
    Task<LeaseView?> IssueAsync(LeaseTerms terms, bool onlyNew);

    [Alias("get")]
    Task<LeaseView?> GetAsync();

    /// <summary>Moves the deadline to now + timeout; <c>lease_expired</c> once it has passed.</summary>
    [Alias("renew")]
    Task<LeaseOutcome> RenewAsync(string token);

    /// <summary>
    /// Ends the lease with <paramref name="end"/> (completed, failed, released) if it is still live. The same end
    /// repeated with the lease's token is accepted again: its task may not have recorded the first.
    /// </summary>
    [Alias("finish")]
    Task<LeaseOutcome> FinishAsync(string token, LeaseStatus end);

    /// <summary>Takes the lease away (node crashed, deregistered, task cancelled or reassigned).</summary>
    [Alias("revoke")]
    Task RevokeAsync(string reason);

    /// <summary>
    /// Expires the lease if its deadline has passed and tells the task (sweep backstop). Asked by a task that still
    /// records the lease as live, a lease its holder ended is revoked once past its deadline: the task lost that end.
    /// </summary>
    [Alias("check-expiry")]
    Task CheckExpiryAsync();
}
