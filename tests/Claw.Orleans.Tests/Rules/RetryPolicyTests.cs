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

    [Theory]
    [InlineData(0.2, 0.0, 40)] // the roll that takes nothing off: the longest delay
    [InlineData(0.2, 0.5, 36)] // half of the jitter share
    [InlineData(0.2, 1.0, 32)] // the whole 20 % share off
    [InlineData(1.0, 0.75, 10)] // full jitter: anywhere from nothing to the whole delay
    [InlineData(0.0, 0.9, 40)] // no jitter: exact
    public void Jitter_takes_a_random_share_up_to_its_fraction_off_the_delay(double jitter, double roll, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryPolicy.Delay(new RetryBackoff(10, 2, 60, jitter), 3, roll));

    [Fact]
    public void Out_of_range_jitter_and_rolls_are_clamped_so_a_delay_is_never_negative_nor_longer()
    {
        Assert.Equal(TimeSpan.Zero, RetryPolicy.Delay(new RetryBackoff(10, 2, 60, Jitter: 5), 1, roll: 1));
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.Delay(new RetryBackoff(10, 2, 60, Jitter: -1), 1, roll: 1));
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.Delay(new RetryBackoff(10, 2, 60, Jitter: 0.5), 1, roll: -3));
    }

    [Fact]
    public void The_default_jitter_is_a_fifth_and_a_new_roll_each_time_keeps_every_delay_within_its_share()
    {
        Assert.Equal(0.2, RetryBackoff.Default.Jitter);
        var delays = Enumerable.Range(0, 200).Select(_ => RetryPolicy.Delay(RetryBackoff.Default, 1, Random.Shared.NextDouble()).TotalSeconds).ToList();
        Assert.All(delays, d => Assert.InRange(d, 24, 30));
        Assert.True(delays.Distinct().Count() > 1, "every roll gave the same delay");
    }
}
