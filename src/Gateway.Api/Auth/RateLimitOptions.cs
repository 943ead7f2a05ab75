namespace Claw.Gateway.Auth;

/// <summary>
/// Configuration section <c>Claw:RateLimits</c>: a token bucket per principal (per remote address for callers that
/// did not authenticate). Applies in auth mode <c>Required</c>; in <c>None</c> every caller is the one local admin.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Claw:RateLimits";

    /// <summary>Requests per second one principal may sustain.</summary>
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>Requests one principal may send at once above the sustained rate.</summary>
    public int Burst { get; set; } = 2000;

    /// <summary>Requests per second one remote address may send without authenticating (401s included).</summary>
    public int AnonymousPermitsPerSecond { get; set; } = 20;

    public int AnonymousBurst { get; set; } = 40;
}
