namespace Claw.Grains.Callbacks;

/// <summary><c>Claw:Callbacks</c>: how task callbacks are signed and delivered.</summary>
public sealed class CallbackOptions
{
    /// <summary>The HMAC-SHA256 key of <c>X-Claw-Signature</c> for tasks that bring no <c>callback_secret</c>; never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>How long a delivery is retried after the task ended before it is given up (<c>failed</c>).</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often a silo looks for due deliveries (a commit that owes one wakes its own silo at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Deliveries one silo has in flight at once.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>The first retry's delay; each later one doubles, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>One delivery attempt, its quick in-attempt retries included; past it the delivery is rescheduled.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claim outlives its attempt's timeout; a silo that died mid-attempt holds the delivery this much longer.</summary>
    public TimeSpan ClaimGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a callback may go to a loopback, private, link-local, unique-local or CGNAT address. Off by default: a
    /// <c>callback_url</c> is chosen by whoever submits a task, and would otherwise reach the silos' own network.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }
}
