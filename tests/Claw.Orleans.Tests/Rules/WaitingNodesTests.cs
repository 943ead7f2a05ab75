using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class WaitingNodesTests
{
    [Fact]
    public void A_task_wakes_the_first_waiting_node_that_can_run_it_which_then_stops_waiting()
    {
        var waiting = new WaitingNodes();
        waiting.Wait(Node("cpu"), T0.AddSeconds(30));
        waiting.Wait(Node("gpu", capabilities: ["gpu"]), T0.AddSeconds(30));
        Assert.Equal("gpu", waiting.TakeFor(Entry(["gpu"]), T0));
        Assert.Null(waiting.TakeFor(Entry(["gpu"]), T0));
        Assert.Equal("cpu", waiting.TakeFor(Entry([]), T0));
        Assert.Equal(0, waiting.Count(T0));
    }

    [Fact]
    public void A_wait_that_ran_out_wakes_nobody_and_is_dropped()
    {
        var waiting = new WaitingNodes();
        waiting.Wait(Node("late"), T0.AddSeconds(5));
        Assert.Equal(1, waiting.Count(T0));
        Assert.Equal(0, waiting.Count(T0.AddSeconds(5)));
        Assert.Null(waiting.TakeFor(Entry([]), T0.AddSeconds(5)));
        waiting.Wait(Node("late"), T0.AddSeconds(60)); // it polls again
        Assert.Equal("late", waiting.TakeFor(Entry([]), T0.AddSeconds(6)));
    }

    private static QueueEntry Entry(string[] capabilities) =>
        new("t", TaskPriority.Normal, T0, T0, TaskRequirements.None with { Capabilities = [.. capabilities] }, null);
}
