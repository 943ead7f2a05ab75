using Claw.Abstractions.Tasks;
using Claw.Grains.Tasks;

namespace Claw.Tests.Rules;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(50, 60)]
    public void The_delay_grows_by_the_multiplier_per_failed_attempt_up_to_the_maximum(int failedAttempt, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryPolicy.Delay(new RetryBackoff(10, 2, 60), failedAttempt));

    [Fact]
    public void Extreme_settings_stay_within_zero_and_the_maximum()
    {
        Assert.Equal(TimeSpan.Zero, RetryPolicy.Delay(new RetryBackoff(0, 2, 60), 3));
        Assert.Equal(TimeSpan.FromSeconds(3600), RetryPolicy.Delay(new RetryBackoff(30, 1e308, 3600), 5)); // overflows to infinity
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Delay(new RetryBackoff(5, 1, 3600), 9)); // a constant backoff
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Delay(new RetryBackoff(5, 2, 3600), 0)); // before a first attempt
    }
}
