using Claw.Abstractions.Errors;
using Claw.Grains.OpenClaw;
using Microsoft.Extensions.Logging.Abstractions;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

/// <summary>Taking over tasks of a gateway's sessions: arrival order, waiting for a free slot, letting go.</summary>
public sealed class GatewayAdoptionsTests
{
    private readonly ManualClock _clock = new(T0);

    private GatewayAdoptions Adoptions(params string[] taskIds)
    {
        var adoptions = new GatewayAdoptions("gw-1", _clock, NullLogger.Instance);
        foreach (var taskId in taskIds)
        {
            adoptions.Add(taskId);
            _clock.Now += TimeSpan.FromSeconds(1);
        }

        return adoptions;
    }

    private static Func<string, Task> Assign(List<string> asked, Func<string, string?> refusal) => taskId =>
    {
        asked.Add(taskId);
        return refusal(taskId) is { } code ? throw new ClawException(409, code, "refused") : Task.CompletedTask;
    };

    [Fact]
    public async Task Waiting_tasks_are_assigned_in_arrival_order_and_leave_the_wait()
    {
        var adoptions = Adoptions("t-2", "t-1", "t-3");
        adoptions.Add("t-2"); // asked again: keeps its place
        var asked = new List<string>();

        await adoptions.AdoptWaitingAsync(Assign(asked, _ => null));

        Assert.Equal(["t-2", "t-1", "t-3"], asked);
        Assert.Equal(0, adoptions.Count);
    }

    [Fact]
    public async Task No_free_slot_stops_the_round_and_the_rest_wait_in_order()
    {
        var adoptions = Adoptions("t-1", "t-2", "t-3");
        var asked = new List<string>();

        await adoptions.AdoptWaitingAsync(Assign(asked, id => id == "t-2" ? ErrorCodes.NodeUnavailable : null));

        Assert.Equal(["t-1", "t-2"], asked);
        Assert.Equal((2, false, true, true), (adoptions.Count, adoptions.IsWaiting("t-1"), adoptions.IsWaiting("t-2"), adoptions.IsWaiting("t-3")));
    }

    [Fact]
    public async Task A_task_that_waited_past_the_patience_or_was_refused_otherwise_is_let_go()
    {
        var adoptions = Adoptions("t-old");
        _clock.Now = T0 + GatewayAdoptions.Patience;
        adoptions.Add("t-started");
        adoptions.Add("t-new");
        var asked = new List<string>();

        await adoptions.AdoptWaitingAsync(Assign(asked, id => id == "t-started" ? ErrorCodes.InvalidTransition : ErrorCodes.NodeUnavailable));

        Assert.Equal(["t-old", "t-started", "t-new"], asked);
        Assert.Equal((1, true), (adoptions.Count, adoptions.IsWaiting("t-new")));
    }
}
