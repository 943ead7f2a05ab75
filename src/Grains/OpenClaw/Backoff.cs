namespace Claw.Grains.OpenClaw;

/// <summary>Exponential backoff: <c>initial · 2^(failures-1)</c>, capped; zero before the first failure.</summary>
public static class Backoff
{
    public static TimeSpan Delay(TimeSpan initial, TimeSpan max, int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = initial.TotalMilliseconds * factor;
        return delay >= max.TotalMilliseconds ? max : TimeSpan.FromMilliseconds(delay);
    }
}
