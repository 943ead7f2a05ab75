namespace Claw.Tests.Rules;

/// <summary>A clock the test moves by hand, for rules that read the time themselves.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
