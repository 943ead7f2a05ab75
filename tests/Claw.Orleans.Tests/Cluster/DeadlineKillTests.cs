using Claw.Abstractions.Workflows;
using Claw.Tests.Cluster.Deadlines;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Cluster;

/// <summary>
/// Each deadline holder's reminder fires after the silo that held the grain (and its timer) was SIGKILLed: an approval
/// times out, a schedule keeps firing, a workflow is re-driven, a silent node is declared crashed. Every budget is the
/// dead-silo detection time (<see cref="MembershipTiming"/>) plus the holder's own reminder period and deadline, with
/// <see cref="Slack"/> for a loaded machine.
/// </summary>
[Collection(SiloKillCollection.Name)]
public sealed class DeadlineKillTests(DeadlineKillFixture cluster) : IClassFixture<DeadlineKillFixture>
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(15);

    /// <summary>Orleans accepts no approval reminder period under a minute: a first tick missed during the take-over is repeated a minute later.</summary>
    private static readonly TimeSpan ApprovalReminderPeriod = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task An_approval_timeout_rejects_the_task_on_a_survivor()
    {
        Assert.True(cluster.ApprovalDeadline > cluster.KilledAt, "the approval deadline passed before the kill: the victim's timer may have fired it");
        var budget = cluster.ApprovalDeadline + ApprovalReminderPeriod + DeadlineKillFixture.Membership.DetectionTime + Slack - DateTimeOffset.UtcNow;
        await Eventually.Until(
            () => cluster.ScalarAsync<string>("SELECT status FROM claw_tasks WHERE id = @id", ("id", cluster.ApprovalTaskId)),
            status => status == "cancelled", budget, "the approval timeout to reject the task");
        var rejections = await cluster.ScalarAsync<long>(
            "SELECT count(*) FROM claw_tasks t, jsonb_array_elements(t.doc->'timeline') e WHERE t.id = @id AND e->>'type' = 'rejected' AND e->>'detail' LIKE 'by system%'",
            ("id", cluster.ApprovalTaskId));
        Assert.Equal(1, rejections);
    }

    [Fact]
    public async Task A_schedule_keeps_firing_from_a_survivor()
    {
        var budget = cluster.KilledAt + DeadlineKillFixture.Membership.DetectionTime + 2 * DeadlineKillFixture.ScheduleInterval + Slack - DateTimeOffset.UtcNow;
        // A task created after the kill was fired by a survivor: the victim wrote nothing after it died.
        await Eventually.Until(
            () => cluster.ScalarAsync<long>("SELECT count(*) FROM claw_tasks WHERE queue = @queue AND created_at > @killed",
                ("queue", cluster.ScheduleQueue), ("killed", cluster.KilledAt.ToUnixTimeMilliseconds())),
            fired => fired > 0, budget, "the schedule to fire a slot after its silo died");
    }

    [Fact]
    public async Task A_silent_node_whose_silo_died_is_declared_crashed_and_its_task_runs_again()
    {
        var livenessPeriod = DeadlineKillFixture.CrashAfter / 2;
        var budget = cluster.KilledAt + DeadlineKillFixture.Membership.DetectionTime + livenessPeriod + DeadlineKillFixture.CrashAfter + Slack - DateTimeOffset.UtcNow;
        await Eventually.Until(
            () => cluster.ScalarAsync<string>("SELECT status FROM claw_nodes WHERE id = @id", ("id", cluster.NodeId)),
            status => status == "offline", budget, "the node to be declared crashed");
        await Eventually.Until(
            () => cluster.ScalarAsync<string>("SELECT status FROM claw_tasks WHERE id = @id AND (doc->>'crash_requeues')::int = 1", ("id", cluster.NodeTaskId)),
            status => status == "pending", TimeSpan.FromSeconds(30), "the crashed node's task to be requeued, its lease of 600 s revoked");
    }

    [Fact]
    public async Task A_workflow_is_brought_back_by_its_redrive_reminder_and_finishes()
    {
        // Nothing calls the workflow after the kill (its open step is pending, so no step-end notice): only its reminder
        // can activate it again, on a survivor.
        var workflow = cluster.Grains.GetGrain<IWorkflowGrain>(cluster.WorkflowId);
        var budget = cluster.KilledAt + DeadlineKillFixture.Membership.DetectionTime + 2 * DeadlineKillFixture.RedriveInterval + Slack - DateTimeOffset.UtcNow;
        await Eventually.Until(() => cluster.LocationAsync(workflow), at => at is not null && !at.Equals(cluster.VictimAddress), budget,
            "the workflow's reminder to activate it on a survivor");

        var node = await cluster.Api.RegisterNodeAsync();
        foreach (var _ in new[] { "a", "b" })
        {
            var lease = await Eventually.Until(
                async () => (await cluster.Api.PollAsync(node, cluster.WorkflowQueue, wait: 2)).FirstOrDefault(),
                lease => lease.ValueKind == System.Text.Json.JsonValueKind.Object, TimeSpan.FromSeconds(60), "the next step to be leased");
            (await cluster.Api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        }

        await Eventually.Until(
            () => cluster.ScalarAsync<string>("SELECT status FROM claw_workflows WHERE id = @id", ("id", cluster.WorkflowId)),
            status => status == "completed", TimeSpan.FromSeconds(60), "the workflow to complete");
    }
}
