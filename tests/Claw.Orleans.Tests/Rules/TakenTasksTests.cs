using Claw.Grains.Dispatch;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class TakenTasksTests
{
    [Fact]
    public void A_take_older_than_the_cutoff_is_stale_until_forgotten()
    {
        var taken = new TakenTasks();
        taken.Took(["a", "b"], T0);
        taken.Took(["c"], T0.AddSeconds(20));
        Assert.Equal(["a", "b"], taken.Stale(T0.AddSeconds(10)).Order());
        taken.Forget(["a", "b"]);
        Assert.Empty(taken.Stale(T0.AddSeconds(10)));
        Assert.True(taken.Contains("c"));
        taken.Forget("c"); // indexed again, or leased
        Assert.False(taken.Contains("c"));
    }
}
