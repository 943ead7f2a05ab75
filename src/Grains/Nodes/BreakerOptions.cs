namespace Claw.Grains.Nodes;

/// <summary>Configuration section <c>Claw:Breakers</c>: when a node's breaker (its own, or one task type's on it) opens and for how long.</summary>
public sealed class BreakerOptions
{
    /// <summary>Failures inside <see cref="Window"/> that open a closed breaker. 0: no breakers.</summary>
    public int Failures { get; set; } = 3;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an open breaker stays open before one trial task goes through (half-open).</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(2);
}
