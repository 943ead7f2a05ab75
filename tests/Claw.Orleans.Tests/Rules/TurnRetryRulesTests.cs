using Claw.Grains.OpenClaw;

namespace Claw.Tests.Rules;

/// <summary>A turn's own timing rules: how often it asks an unavailable gateway again, how often it renews its lease.</summary>
public sealed class TurnRetryRulesTests
{
    [Fact]
    public void An_unavailable_gateway_is_asked_many_times_before_the_run_began_and_a_few_after()
    {
        Assert.Equal(UnavailableRetries.MaxBeforeStart - 1, Enumerable.Range(1, 50).Count(n => UnavailableRetries.AskAgain(n, accepted: false)));
        Assert.Equal(UnavailableRetries.MaxAfterStart - 1, Enumerable.Range(1, 50).Count(n => UnavailableRetries.AskAgain(n, accepted: true)));
        Assert.True(UnavailableRetries.AskAgain(2, accepted: true));
        Assert.False(UnavailableRetries.AskAgain(3, accepted: true));
    }

    [Theory]
    [InlineData(90, 30)]
    [InlineData(2, 1)] // never more often than every second
    [InlineData(3600, 120)] // nor rarer than every two minutes
    [InlineData(-5, 1)] // a lease already past its end is renewed at once-a-second
    public void A_lease_is_renewed_at_a_third_of_its_length_within_bounds(int leaseSeconds, int everySeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(everySeconds), LeaseUpkeep.RenewEvery(TimeSpan.FromSeconds(leaseSeconds)));
}
