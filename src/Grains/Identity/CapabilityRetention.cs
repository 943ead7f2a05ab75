namespace Claw.Grains.Identity;

/// <summary>How long a capability token's record (and so its revocation) is kept: 30 days past the end of its validity.</summary>
public static class CapabilityRetention
{
    public static readonly TimeSpan Kept = TimeSpan.FromDays(30);

    public static bool CanForget(DateTimeOffset validUntil, DateTimeOffset now) => now >= validUntil + Kept;
}
