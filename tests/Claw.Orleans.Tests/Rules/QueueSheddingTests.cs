using Claw.Abstractions.Tasks;
using Claw.Grains.Queues;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class QueueSheddingTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(TaskPriority.Low, 7)]
    [InlineData(TaskPriority.Normal, 8)]
    [InlineData(TaskPriority.High, 9)]
    [InlineData(TaskPriority.Critical, 10)]
    public void Each_priority_fills_the_queue_up_to_its_share_of_max_pending(TaskPriority priority, int ceiling) =>
        Assert.Equal(ceiling, QueueShedding.Ceiling(10, priority));

    [Fact]
    public void As_the_queue_fills_low_is_refused_first_and_critical_last_and_max_pending_is_never_passed()
    {
        var shedding = new QueueShedding(Grace);
        shedding.Counted(0, new HashSet<string>(), T0);
        var admitted = new Dictionary<TaskPriority, int>();
        for (var i = 0; i < 40; i++)
        {
            var priority = (TaskPriority)(i % 4);
            if (shedding.Admit($"t{i}", 10, priority, T0) is null)
            {
                admitted[priority] = admitted.GetValueOrDefault(priority) + 1;
            }
        }

        Assert.Equal(10, shedding.Estimate);
        Assert.Equal(10, admitted.Values.Sum());
        Assert.Equal(10, shedding.Admit("one-more-critical", 10, TaskPriority.Critical, T0)); // full even for critical: null would be admission
        Assert.NotNull(shedding.Admit("one-more-low", 10, TaskPriority.Low, T0));
        Assert.True(admitted[TaskPriority.Critical] > admitted[TaskPriority.Low]);
    }

    [Fact]
    public void A_count_that_saw_admitted_tasks_written_stops_counting_them_twice_and_drains_as_they_leave()
    {
        var shedding = new QueueShedding(Grace);
        shedding.Counted(0, new HashSet<string>(), T0);
        Assert.Null(shedding.Admit("a", 2, TaskPriority.Critical, T0));
        Assert.Null(shedding.Admit("b", 2, TaskPriority.Critical, T0));
        Assert.Equal(2, shedding.Admit("c", 2, TaskPriority.Critical, T0));
        Assert.True(shedding.NeedsCount(2, TaskPriority.Critical, T0.AddSeconds(2), TimeSpan.FromSeconds(1)));

        // a and b were written; a was leased since, so the table counts one pending task
        shedding.Counted(1, new HashSet<string> { "a", "b" }, T0.AddSeconds(2));
        Assert.Equal(1, shedding.Estimate);
        Assert.Null(shedding.Admit("c", 2, TaskPriority.Critical, T0.AddSeconds(2)));
    }

    [Fact]
    public void An_admission_not_yet_written_keeps_counting_until_its_grace_ends()
    {
        var shedding = new QueueShedding(Grace);
        shedding.Counted(0, new HashSet<string>(), T0);
        Assert.Null(shedding.Admit("in-flight", 1, TaskPriority.Critical, T0));
        shedding.Counted(0, new HashSet<string>(), T0.AddSeconds(5)); // the count did not see it: its write may still come
        Assert.Equal(1, shedding.Estimate);
        Assert.NotNull(shedding.Admit("next", 1, TaskPriority.Critical, T0.AddSeconds(5)));
        shedding.Counted(0, new HashSet<string>(), T0.AddSeconds(31)); // never written: its submit failed
        Assert.Equal(0, shedding.Estimate);
    }

    [Fact]
    public void A_repeated_submit_of_one_task_counts_once_and_a_settings_change_asks_for_a_fresh_count()
    {
        var shedding = new QueueShedding(Grace);
        Assert.True(shedding.NeedsCount(5, TaskPriority.Low, T0, TimeSpan.FromSeconds(1)));
        shedding.Counted(0, new HashSet<string>(), T0);
        Assert.False(shedding.NeedsCount(5, TaskPriority.Low, T0, TimeSpan.FromSeconds(1)));
        Assert.Null(shedding.Admit("same", 1, TaskPriority.Critical, T0));
        Assert.Null(shedding.Admit("same", 1, TaskPriority.Critical, T0));
        Assert.Equal(1, shedding.Estimate);
        shedding.Forget();
        Assert.True(shedding.NeedsCount(5, TaskPriority.Low, T0, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_batch_is_admitted_whole_or_not_at_all_and_a_refused_batch_leaves_the_count_as_it_was()
    {
        var shedding = new QueueShedding(Grace);
        shedding.Counted(5, new HashSet<string>(), T0);
        var four = Enumerable.Range(0, 4).Select(i => ($"b{i}", TaskPriority.Normal)).ToList();
        Assert.Equal((8, TaskPriority.Normal), shedding.AdmitAll(four, 10, T0)); // 5 + 4 passes normal's ceiling of 8
        Assert.Equal(5, shedding.Estimate);

        Assert.Null(shedding.AdmitAll(four.Take(3).ToList(), 10, T0));
        Assert.Equal(8, shedding.Estimate);
        Assert.Null(shedding.AdmitAll(four.Take(3).ToList(), 10, T0)); // the same tasks again count once
        Assert.Equal(8, shedding.Estimate);
        Assert.Null(shedding.AdmitAll([("c0", TaskPriority.Critical), ("c1", TaskPriority.Critical)], 10, T0));
        Assert.Equal(10, shedding.Estimate);
    }

    [Fact]
    public void A_refused_batch_names_the_priority_of_the_task_that_met_its_ceiling()
    {
        var shedding = new QueueShedding(Grace);
        shedding.Counted(6, new HashSet<string>(), T0);
        // critical passes at 6 (ceiling 9), low meets 7 (ceiling 7): the batch is refused for its low task, not its first.
        Assert.Equal((7, TaskPriority.Low), shedding.AdmitAll([("x0", TaskPriority.Critical), ("x1", TaskPriority.Low)], 10, T0));
        Assert.Equal(6, shedding.Estimate);
    }

    [Fact]
    public void A_batch_looms_a_refusal_when_its_last_task_would_meet_the_ceiling()
    {
        var shedding = new QueueShedding(Grace);
        shedding.Counted(5, new HashSet<string>(), T0);
        var later = T0.AddMinutes(5);
        Assert.False(shedding.NeedsCount(10, TaskPriority.Normal, later, TimeSpan.FromSeconds(1), adding: 3));
        Assert.True(shedding.NeedsCount(10, TaskPriority.Normal, later, TimeSpan.FromSeconds(1), adding: 4));
    }
}
