using Claw.Abstractions.Tasks;
using Claw.Grains.Tasks;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class DeadLetterRetryTests
{
    [Fact]
    public void A_failed_task_runs_again_as_a_new_attempt_with_its_retry_budget_renewed()
    {
        var task = Leased(Submission(maxRetries: 1));
        var life = new TaskLifecycle(task, T0.AddSeconds(5));
        life.Fail("one", "x");
        life.RetryOrFail(retriable: true);
        new TaskLifecycle(task, T0.AddSeconds(20)).Assign(TaskId, Node());
        var second = new TaskLifecycle(task, T0.AddSeconds(25));
        second.Fail("two", "x");
        Assert.Null(second.RetryOrFail(retriable: true));
        Assert.Equal((ClawTaskStatus.Failed, 2, 1), (task.Status, task.Attempt, task.RetriesUsed));

        new TaskLifecycle(task, T0.AddMinutes(10)).Retry("fixed the config");

        Assert.Equal((ClawTaskStatus.Pending, 3, 0), (task.Status, task.Attempt, task.RetriesUsed));
        Assert.Equal(T0.AddMinutes(10), task.AvailableAt);
        Assert.Null(task.Error);
        Assert.Null(task.ErrorCode);
        Assert.Null(task.CompletedAt);
        Assert.Equal(["retried", "queued"], task.Timeline.TakeLast(2).Select(e => e.Type));
        Assert.Equal("fixed the config", task.Timeline[^2].Detail);
    }

    [Fact]
    public void Every_timeline_entry_also_waits_in_the_outbox_for_the_events_table_until_a_write_takes_it()
    {
        var task = Leased();
        var taken = task.Outbox.Take();
        Assert.Equal(["task.created", "task.queued", "task.assigned"], taken.Select(e => e.Type));
        Assert.True(task.Outbox.IsEmpty);
        Assert.All(taken, e => Assert.Equal(("q", "corr-1"), (e.Queue, e.CorrelationId)));
        Assert.Contains("\"dispatch_ms\":0", taken[2].DataJson, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"assigned\"", taken[2].DataJson, StringComparison.Ordinal);

        new TaskLifecycle(task, T0.AddSeconds(2)).Fail("boom", errorCode: "oom", category: FailureCategory.Permanent);
        var failed = Assert.Single(task.Outbox.Take());
        Assert.Equal(("task.failed", "node-a", 1), (failed.Type, failed.NodeId, failed.Attempt));
        Assert.Contains("\"category\":\"permanent\"", failed.DataJson, StringComparison.Ordinal);
        Assert.Contains("\"error_code\":\"oom\"", failed.DataJson, StringComparison.Ordinal);
    }
}
