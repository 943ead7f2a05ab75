using Claw.Abstractions.Tasks;
using Claw.Grains.Tasks;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class TaskLifecycleTests
{
    [Fact]
    public void A_new_task_is_pending_now_and_its_timeline_says_created_then_queued()
    {
        var task = Created();
        Assert.Equal(ClawTaskStatus.Pending, task.Status);
        Assert.Equal(T0, task.AvailableAt);
        Assert.Equal(["created", "queued"], task.Timeline.Select(e => e.Type));
        Assert.All(task.Timeline, e => Assert.Equal("corr-1", e.CorrelationId));
    }

    [Fact]
    public void A_task_to_run_later_is_due_only_from_its_run_time_and_a_past_run_time_means_now()
    {
        var later = Created(Submission(runAt: T0.AddMinutes(5)));
        Assert.Equal(T0.AddMinutes(5), later.AvailableAt);
        Assert.False(new TaskLifecycle(later, T0.AddMinutes(5).AddTicks(-1)).IsDueFor(Node()));
        Assert.True(new TaskLifecycle(later, T0.AddMinutes(5)).IsDueFor(Node()));
        Assert.Equal(T0, Created(Submission(runAt: T0.AddMinutes(-5))).AvailableAt);
    }

    [Fact]
    public void A_gated_task_waits_for_input_with_its_deadline_and_is_not_due()
    {
        var task = Created(Submission(requiresApproval: true, approvalTimeoutSeconds: 90));
        Assert.Equal(ClawTaskStatus.WaitingInput, task.Status);
        Assert.Equal(T0.AddSeconds(90), task.ApprovalExpiresAt);
        Assert.Equal(["created", "waiting_input"], task.Timeline.Select(e => e.Type));
        Assert.False(new TaskLifecycle(task, T0.AddHours(1)).IsDueFor(Node()));
        Assert.Null(Created(Submission(requiresApproval: false, approvalTimeoutSeconds: 90)).ApprovalExpiresAt);
    }

    [Fact]
    public void Manual_tasks_and_tasks_the_node_cannot_run_are_not_due()
    {
        Assert.False(new TaskLifecycle(Created(Submission(dispatch: DispatchMode.Manual)), T0).IsDueFor(Node()));
        var needsGpu = Created(Submission(requirements: TaskRequirements.None with { Capabilities = ["gpu"] }));
        Assert.False(new TaskLifecycle(needsGpu, T0).IsDueFor(Node()));
        Assert.True(new TaskLifecycle(needsGpu, T0).IsDueFor(Node(capabilities: ["gpu"])));
    }

    [Fact]
    public void Assigning_makes_the_next_fence_a_token_that_names_it_and_a_deadline_of_the_timeout()
    {
        var task = Created(Submission(timeoutSeconds: 120));
        new TaskLifecycle(task, T0).Assign(TaskId, Node());
        var first = (task.Fence, task.LeaseId, task.LeaseToken);
        Assert.Equal(1, first.Fence);
        Assert.Equal($"{TaskId}.1", first.LeaseId);
        Assert.StartsWith("1.", first.LeaseToken);
        Assert.Equal(T0.AddSeconds(120), task.LeaseExpiresAt);
        Assert.Equal((ClawTaskStatus.Assigned, "node-a", T0, null), (task.Status, task.NodeId, task.AssignedAt, task.StartedAt));

        new TaskLifecycle(task, T0.AddMinutes(1)).LeaseLost(first.LeaseId!, LeaseStatus.Revoked, "reassigned");
        new TaskLifecycle(task, T0.AddMinutes(2)).Assign(TaskId, Node("node-b"));
        Assert.Equal(2, task.Fence);
        Assert.NotEqual(first.LeaseToken, task.LeaseToken);
        Assert.Equal(T0.AddMinutes(2), task.AssignedAt); // the current attempt's
    }

    [Fact]
    public void Start_moves_assigned_to_in_progress_once_and_progress_starts_it_too()
    {
        var task = Leased();
        Assert.True(new TaskLifecycle(task, T0.AddSeconds(1)).Start());
        Assert.False(new TaskLifecycle(task, T0.AddSeconds(2)).Start());
        Assert.Equal((ClawTaskStatus.InProgress, T0.AddSeconds(1)), (task.Status, task.StartedAt)); // the first start counts

        var other = Leased();
        new TaskLifecycle(other, T0.AddSeconds(3)).Progress(new TaskProgress(40, "half", null, default));
        Assert.Equal(ClawTaskStatus.InProgress, other.Status);
        Assert.Equal(T0.AddSeconds(3), other.Progress!.At);
        Assert.Equal("40% half", other.Timeline.Last().Detail);
    }

    [Fact]
    public void A_task_ended_without_a_start_report_ran_from_its_assignment()
    {
        var completed = Leased(at: T0.AddSeconds(5));
        new TaskLifecycle(completed, T0.AddSeconds(9)).Complete("""{"ok":true}""");
        Assert.Equal(T0.AddSeconds(5), completed.StartedAt);

        var failed = Leased(at: T0.AddSeconds(5));
        new TaskLifecycle(failed, T0.AddSeconds(9)).Fail("boom");
        Assert.Equal(T0.AddSeconds(5), failed.StartedAt);
    }

    [Fact]
    public void A_failure_with_error_data_keeps_it_as_the_result_and_one_without_keeps_the_last()
    {
        var task = Leased();
        new TaskLifecycle(task, T0).Fail("Connection timeout", """{"error":"Connection timeout","code":"ERR_TIMEOUT"}""");
        Assert.Equal(("Connection timeout", """{"error":"Connection timeout","code":"ERR_TIMEOUT"}"""), (task.Error, task.ResultJson));
        Assert.Null(new TaskLifecycle(task, T0).RetryOrFail(retriable: false));
        Assert.Equal(ClawTaskStatus.Failed, task.Status);

        var plain = Leased();
        new TaskLifecycle(plain, T0).Fail("boom");
        Assert.Null(plain.ResultJson);
    }

    [Fact]
    public void A_waiting_step_is_never_due_and_opening_it_queues_it_with_its_inputs_once()
    {
        var task = Created(Submission() with { Waiting = true, Dispatch = DispatchMode.Manual });
        Assert.Equal(ClawTaskStatus.Waiting, task.Status);
        Assert.Equal(["created", "waiting"], task.Timeline.Select(e => e.Type));
        Assert.False(new TaskLifecycle(task, T0.AddHours(1)).IsDueFor(Node()));

        Assert.True(new TaskLifecycle(task, T0.AddMinutes(3)).Open("""{"n":1,"inputs":{"a":{"x":1}}}""", automatic: false));
        Assert.Equal((ClawTaskStatus.Pending, T0.AddMinutes(3), DispatchMode.Manual), (task.Status, task.AvailableAt, task.Dispatch));
        Assert.Equal("""{"n":1,"inputs":{"a":{"x":1}}}""", task.PayloadJson);
        Assert.Equal("queued", task.Timeline.Last().Type);
        Assert.False(new TaskLifecycle(task, T0.AddMinutes(4)).IsDueFor(Node())); // held for hand assignment

        Assert.True(new TaskLifecycle(task, T0.AddMinutes(5)).Open("""{"other":true}""", automatic: true));
        Assert.Equal(("""{"n":1,"inputs":{"a":{"x":1}}}""", DispatchMode.Auto), (task.PayloadJson, task.Dispatch)); // opened once
        Assert.True(new TaskLifecycle(task, T0.AddMinutes(5)).IsDueFor(Node()));
        Assert.False(new TaskLifecycle(task, T0.AddMinutes(6)).Open(null, automatic: true));
    }

    [Fact]
    public void Opening_a_step_behind_an_approval_gate_makes_it_wait_for_input_with_its_deadline_from_then()
    {
        var task = Created(Submission(requiresApproval: true, approvalTimeoutSeconds: 60) with { Waiting = true });
        Assert.Equal((ClawTaskStatus.Waiting, null), (task.Status, task.ApprovalExpiresAt));
        new TaskLifecycle(task, T0.AddMinutes(10)).Open(null, automatic: true);
        Assert.Equal((ClawTaskStatus.WaitingInput, T0.AddMinutes(10).AddSeconds(60)), (task.Status, task.ApprovalExpiresAt));
    }

    [Fact]
    public void Releasing_to_dispatch_changes_a_held_step_that_runs_or_waits_but_never_an_ended_one()
    {
        var running = Leased(Submission(dispatch: DispatchMode.Manual));
        Assert.True(new TaskLifecycle(running, T0).Open(null, automatic: true));
        Assert.Equal((ClawTaskStatus.Assigned, DispatchMode.Auto), (running.Status, running.Dispatch)); // a later retry is dispatched

        var ended = Leased(Submission(dispatch: DispatchMode.Manual));
        new TaskLifecycle(ended, T0).Complete(null);
        Assert.False(new TaskLifecycle(ended, T0).Open(null, automatic: true));
        Assert.Equal(DispatchMode.Manual, ended.Dispatch);
    }

    [Fact]
    public void A_retriable_failure_with_retries_left_backs_off_and_spends_one_retry()
    {
        var task = Leased(Submission(maxRetries: 2));
        var life = new TaskLifecycle(task, T0.AddSeconds(30));
        life.Fail("boom");
        Assert.Equal(TimeSpan.FromSeconds(10), life.RetryOrFail(retriable: true));
        Assert.Equal((ClawTaskStatus.Pending, 2, 1), (task.Status, task.Attempt, task.RetriesUsed));
        Assert.Equal(T0.AddSeconds(40), task.AvailableAt);
        Assert.Null(task.LeaseToken);
        Assert.Equal(LeaseStatus.Failed, task.LeaseEndedAs);
        Assert.Equal(["failed", "retry_scheduled", "queued"], task.Timeline.TakeLast(3).Select(e => e.Type));
        Assert.Equal("in 10 s", task.Timeline[^2].Detail);
    }

    [Fact]
    public void Out_of_retries_or_not_retriable_the_task_fails_for_good()
    {
        var spent = Leased(Submission(maxRetries: 0));
        Assert.Null(new TaskLifecycle(spent, T0.AddSeconds(5)).RetryOrFail(retriable: true));
        Assert.Equal((ClawTaskStatus.Failed, T0.AddSeconds(5)), (spent.Status, spent.CompletedAt));

        var fatal = Leased(Submission(maxRetries: 5));
        Assert.Null(new TaskLifecycle(fatal, T0).RetryOrFail(retriable: false));
        Assert.Equal((ClawTaskStatus.Failed, 0), (fatal.Status, fatal.RetriesUsed));
    }

    [Fact]
    public void An_expired_lease_spends_the_attempt_and_leaves_the_retry_to_the_caller()
    {
        var task = Leased();
        Assert.Equal(LeaseLoss.Expired, new TaskLifecycle(task, T0.AddMinutes(6)).LeaseLost(task.LeaseId!, LeaseStatus.Expired, "deadline passed"));
        Assert.Equal((LeaseStatus.Expired, 1, 0), (task.LeaseEndedAs!.Value, task.Attempt, task.CrashRequeues));
        Assert.Equal("lease_expired", task.Timeline.Last().Type);
    }

    [Fact]
    public void A_crashed_node_requeues_its_task_at_once_without_spending_a_retry()
    {
        var task = Leased(Submission(maxRetries: 0));
        Assert.Equal(LeaseLoss.Requeued, new TaskLifecycle(task, T0.AddMinutes(1)).LeaseLost(task.LeaseId!, LeaseStatus.Revoked, TaskEvents.NodeCrashed));
        Assert.Equal((ClawTaskStatus.Pending, 2, 1, 0), (task.Status, task.Attempt, task.CrashRequeues, task.RetriesUsed));
        Assert.Equal(T0.AddMinutes(1), task.AvailableAt);
        Assert.Equal(["lease_revoked", "node_crashed", "queued"], task.Timeline.TakeLast(3).Select(e => e.Type));
    }

    [Fact]
    public void A_notice_about_an_old_lease_or_a_repeated_one_changes_nothing()
    {
        var task = Leased(leases: 2);
        var events = task.Timeline.Count;
        Assert.Equal(LeaseLoss.NotCurrent, new TaskLifecycle(task, T0).LeaseLost($"{TaskId}.1", LeaseStatus.Expired, "deadline passed"));
        Assert.Equal(LeaseLoss.Requeued, new TaskLifecycle(task, T0).LeaseLost($"{TaskId}.2", LeaseStatus.Revoked, "node deregistered"));
        Assert.Equal(LeaseLoss.NotCurrent, new TaskLifecycle(task, T0).LeaseLost($"{TaskId}.2", LeaseStatus.Revoked, "node deregistered"));
        Assert.Equal(events + 2, task.Timeline.Count);
        Assert.Equal(0, task.CrashRequeues);
    }

    [Fact]
    public void A_completed_task_keeps_its_token_so_a_repeated_complete_is_recognised()
    {
        var task = Leased();
        var token = task.LeaseToken;
        new TaskLifecycle(task, T0.AddSeconds(9)).Complete("""{"ok":true}""");
        Assert.Equal((ClawTaskStatus.Completed, token, T0.AddSeconds(9)), (task.Status, task.LeaseToken, task.CompletedAt));
        Assert.Null(task.LeaseExpiresAt);
    }

    [Fact]
    public void A_release_requeues_now_without_spending_the_attempt()
    {
        var task = Leased();
        new TaskLifecycle(task, T0.AddSeconds(2)).Released();
        Assert.Equal((ClawTaskStatus.Pending, 1, T0.AddSeconds(2)), (task.Status, task.Attempt, task.AvailableAt));
        Assert.Equal(["lease_released", "queued"], task.Timeline.TakeLast(2).Select(e => e.Type));
    }

    [Fact]
    public void Cancelling_a_leased_task_revokes_its_lease_and_says_whether_a_deadline_was_armed()
    {
        var leased = Leased();
        Assert.False(new TaskLifecycle(leased, T0).Cancel("no longer needed"));
        Assert.Equal((ClawTaskStatus.Cancelled, LeaseStatus.Revoked), (leased.Status, leased.LeaseEndedAs!.Value));
        Assert.Equal("no longer needed", leased.Timeline.Last().Detail);

        var gated = Created(Submission(requiresApproval: true, approvalTimeoutSeconds: 60));
        Assert.True(new TaskLifecycle(gated, T0).Cancel(null));
        Assert.Null(gated.ApprovalExpiresAt);
        Assert.Null(gated.LeaseEndedAs);
    }

    [Fact]
    public void Approving_queues_the_task_not_before_its_own_run_time_and_names_who()
    {
        var later = Created(Submission(requiresApproval: true, runAt: T0.AddHours(1)));
        Assert.False(new TaskLifecycle(later, T0.AddMinutes(1)).Approve("alice", "ok"));
        Assert.Equal((ClawTaskStatus.Pending, T0.AddHours(1)), (later.Status, later.AvailableAt));
        Assert.Equal("by alice: ok", later.Timeline.Single(e => e.Type == "approved").Detail);

        var now = Created(Submission(requiresApproval: true, approvalTimeoutSeconds: 30));
        Assert.True(new TaskLifecycle(now, T0.AddMinutes(1)).Approve(" ", null));
        Assert.Equal(T0.AddMinutes(1), now.AvailableAt);
        Assert.Equal("by anonymous", now.Timeline.Single(e => e.Type == "approved").Detail);
    }

    [Fact]
    public void Rejecting_cancels_with_the_reason_as_the_error()
    {
        var task = Created(Submission(requiresApproval: true));
        new TaskLifecycle(task, T0).Reject("bob", "change freeze");
        Assert.Equal((ClawTaskStatus.Cancelled, "rejected: by bob: change freeze"), (task.Status, task.Error));
        Assert.Equal(["rejected", "cancelled"], task.Timeline.TakeLast(2).Select(e => e.Type));
    }

    [Fact]
    public void The_approval_deadline_is_ahead_until_it_passes_and_none_without_a_gate()
    {
        var task = Created(Submission(requiresApproval: true, approvalTimeoutSeconds: 60));
        Assert.Equal(ApprovalDue.Ahead, new TaskLifecycle(task, T0.AddSeconds(59.999)).ApprovalDeadline());
        Assert.Equal(ApprovalDue.Passed, new TaskLifecycle(task, T0.AddSeconds(60)).ApprovalDeadline());
        Assert.Equal(ApprovalDue.None, new TaskLifecycle(Created(Submission(requiresApproval: true)), T0.AddDays(9)).ApprovalDeadline());
        Assert.Equal(ApprovalDue.None, new TaskLifecycle(Created(), T0).ApprovalDeadline());
    }

    [Fact]
    public void The_timeline_keeps_only_the_newest_repeatable_events_and_every_other_one()
    {
        var task = Leased();
        for (var i = 0; i < TaskEvents.MaxRepeatedEvents + 25; i++)
        {
            new TaskLifecycle(task, T0.AddSeconds(i)).Progress(new TaskProgress(i % 100, null, null, default));
            new TaskLifecycle(task, T0.AddSeconds(i)).ResultRejected("stale_lease");
        }

        Assert.Equal(TaskEvents.MaxRepeatedEvents, task.Timeline.Count(e => e.Type == "progress"));
        Assert.Equal(TaskEvents.MaxRepeatedEvents, task.Timeline.Count(e => e.Type == "result_rejected"));
        Assert.Equal(T0.AddSeconds(TaskEvents.MaxRepeatedEvents + 24), task.Timeline.Last(e => e.Type == "progress").At);
        Assert.Equal(["created", "queued", "assigned", "started"], task.Timeline.Where(e => e.Type is not ("progress" or "result_rejected")).Select(e => e.Type));
    }

    [Fact]
    public void Events_carry_the_request_correlation_id_when_there_is_one()
    {
        var task = Created();
        new TaskLifecycle(task, T0, "corr-request").Record(TaskEvents.LeaseRenewed);
        Assert.Equal("corr-request", task.Timeline.Last().CorrelationId);
    }
}
