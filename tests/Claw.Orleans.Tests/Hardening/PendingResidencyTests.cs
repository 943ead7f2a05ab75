using System.Diagnostics.Metrics;
using Claw.Grains.Tasks;
using Microsoft.Extensions.Options;

namespace Claw.Tests.Hardening;

/// <summary>Issue 23, part 3: the pending tasks a silo keeps in memory are bounded by bytes as well as by count.</summary>
public sealed class PendingResidencyTests
{
    [Fact]
    public void A_place_is_refused_once_the_byte_budget_is_used_and_given_again_when_one_is_released()
    {
        var residency = Residency(maxCount: 100, maxBytes: 100_000);
        var large = PendingResidency.BytesOf(new TaskState { PayloadJson = new string('x', 20_000) });
        Assert.True(large > 40_000, "documents count twice: .NET strings hold two bytes a character");
        Assert.True(residency.TryHold(large));
        Assert.True(residency.TryHold(large));
        Assert.False(residency.TryHold(large));
        residency.Release(large);
        Assert.True(residency.TryHold(large));
    }

    [Fact]
    public void The_count_still_bounds_small_tasks_and_refusals_leave_nothing_held()
    {
        var residency = Residency(maxCount: 2, maxBytes: long.MaxValue / 2);
        var small = PendingResidency.BytesOf(new TaskState());
        Assert.True(residency.TryHold(small));
        Assert.True(residency.TryHold(small));
        for (var i = 0; i < 10; i++)
        {
            Assert.False(residency.TryHold(small));
        }

        residency.Release(small);
        Assert.True(residency.TryHold(small));
        Assert.False(residency.TryHold(small));
    }

    private static PendingResidency Residency(int maxCount, long maxBytes) =>
        new(Options.Create(new TaskOptions { MaxResidentPending = maxCount, MaxResidentPendingBytes = maxBytes }), new NoMeters());

    private sealed class NoMeters : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
