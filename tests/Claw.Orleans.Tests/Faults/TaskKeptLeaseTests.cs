using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Faults;

/// <summary>
/// A lease lives in its task's row and nowhere else: whatever the silos remembered, the row decides. Every silo is
/// stopped while a lease is out, and the cluster that comes back must honour the lease until its deadline, end it at
/// the deadline without any timer surviving, and refuse its holder afterwards.
/// </summary>
public sealed class TaskKeptLeaseTests
{
    private static readonly (string, string)[] FastSweep =
    [
        ("Claw:Dispatch:SweepInterval", "00:00:01"),
        ("Claw:Dispatch:TakeGrace", "00:00:03"),
    ];

    [Fact]
    public async Task A_renewed_lease_outlives_a_restart_of_every_silo_and_its_holder_completes_once()
    {
        using var data = new TempDirectory();
        var serviceId = "claw-kept-lease-" + Guid.NewGuid().ToString("N")[..8];
        Assignment lease;
        await using (var before = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1, settings: FastSweep))
        {
            var task = before.GrainFactory.GetGrain<ITaskGrain>("kept-task");
            await task.SubmitAsync(Submission("kept-q", timeoutSeconds: 60));
            lease = Assert.Single(await (await RegisterAsync(before.GrainFactory, "kept-holder")).PollAsync(new(["kept-q"], 1, TimeSpan.FromSeconds(5))));
            Assert.Equal(1, (await task.RenewAsync(Proof(lease))).Renewals);
            await before.StopAllSilosAsync();
        }

        await using var after = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1, settings: FastSweep);
        var again = after.GrainFactory.GetGrain<ITaskGrain>("kept-task");
        var stored = (await again.GetLeaseAsync(lease.LeaseId))!;
        Assert.Equal((LeaseStatus.Active, lease.LeaseToken, "kept-holder", 1), (stored.Status, stored.Token, stored.NodeId, stored.Renewals));

        var forged = await Assert.ThrowsAsync<ClawException>(() => again.CompleteAsync(new LeaseProof(lease.LeaseId, "1.forged", null), null));
        Assert.Equal(ErrorCodes.LeaseNotOwner, forged.Code);
        Assert.Equal(ClawTaskStatus.Completed, (await again.CompleteAsync(Proof(lease), """{"ok":true}""")).Status);
        Assert.Equal(ClawTaskStatus.Completed, (await again.CompleteAsync(Proof(lease), """{"ok":true}""")).Status); // a repeat whose answer was lost
        Assert.Single(await again.GetTimelineAsync(), e => e.Type == "completed");
        Assert.Equal(LeaseStatus.Completed, (await again.GetLeaseAsync(lease.LeaseId))!.Status);
    }

    [Fact]
    public async Task A_lease_whose_silos_all_stopped_expires_at_its_deadline_by_the_sweep_and_its_late_holder_is_refused()
    {
        using var data = new TempDirectory();
        var serviceId = "claw-kept-expiry-" + Guid.NewGuid().ToString("N")[..8];
        Assignment first;
        await using (var before = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1, settings: FastSweep))
        {
            await before.GrainFactory.GetGrain<ITaskGrain>("expiring-task").SubmitAsync(Submission("expiring-q", timeoutSeconds: 3));
            first = Assert.Single(await (await RegisterAsync(before.GrainFactory, "expiring-holder")).PollAsync(new(["expiring-q"], 1, TimeSpan.FromSeconds(5))));
            await before.StopAllSilosAsync(); // the lease's timer goes with them; only the row and the sweep's reminder remain
        }

        await using var after = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1, settings: FastSweep);
        var grains = after.GrainFactory;
        var successor = await RegisterAsync(grains, "expiring-successor");
        var second = await Eventually.Until(
            async () => (await successor.PollAsync(new(["expiring-q"], 1, TimeSpan.FromSeconds(2)))).FirstOrDefault(),
            a => a is not null, TimeSpan.FromSeconds(30), "the sweep to expire the lease and the successor to lease the task");
        Assert.Equal((LeaseIds.For("expiring-task", 2), 2), (second!.LeaseId, second.Attempt)); // an expiry spends the attempt

        var task = grains.GetGrain<ITaskGrain>("expiring-task");
        var late = await Assert.ThrowsAsync<ClawException>(() => task.CompleteAsync(Proof(first), """{"late":true}"""));
        Assert.Equal(ErrorCodes.StaleLease, late.Code);
        var expired = (await task.GetLeaseAsync(first.LeaseId))!;
        Assert.Equal((LeaseStatus.Expired, "expiring-holder", (string?)null), (expired.Status, expired.NodeId, expired.Token));
        var timeline = await task.GetTimelineAsync();
        Assert.Single(timeline, e => e.Type == "lease_expired" && e.LeaseId == first.LeaseId);
        Assert.Contains(timeline, e => e.Type == "result_rejected");

        Assert.Equal(ClawTaskStatus.Completed, (await task.CompleteAsync(Proof(second), """{"ok":2}""")).Status);
    }

    [Fact]
    public async Task A_lease_another_activation_wrote_expires_by_the_sweep_though_a_stale_activation_of_the_task_answers_it()
    {
        // Two clusters on one database stand in for a duplicate activation after a silo's death: each holds the task.
        using var data = new TempDirectory();
        var serviceId = "claw-kept-stale-" + Guid.NewGuid().ToString("N")[..8];
        await using var stale = await SqliteCluster.StartAsync(data.Path, serviceId + "-a", silos: 1, settings: FastSweep);
        var task = stale.GrainFactory.GetGrain<ITaskGrain>("stale-task");
        await task.SubmitAsync(Submission("stale-q", timeoutSeconds: 6)); // held in memory as pending, attempt 1
        Assignment lease;
        await using (var other = await SqliteCluster.StartAsync(data.Path, serviceId + "-b", silos: 1, settings: FastSweep))
        {
            lease = Assert.Single(await (await RegisterAsync(other.GrainFactory, "other-holder")).PollAsync(new(["stale-q"], 1, TimeSpan.FromSeconds(5))));
            await other.StopAllSilosAsync(); // the activation that leased goes, and its deadline timer with it
        }

        Assert.True(DateTimeOffset.UtcNow < lease.ExpiresAt, "the other cluster stopped after the deadline: its own timer may have ended the lease");
        var believed = (await task.GetAsync())!;
        Assert.Equal((ClawTaskStatus.Pending, 1), (believed.Status, believed.Attempt)); // what the stale activation believes

        // Only the first cluster's sweep is left to find the overdue row, and it asks the stale activation.
        var view = await Eventually.Until(
            async () => (await task.GetAsync())!, v => v.Attempt == 2, TimeSpan.FromSeconds(30), "the sweep to expire the lease the other activation wrote");
        Assert.Equal(ClawTaskStatus.Pending, view.Status);
        Assert.Equal(LeaseStatus.Expired, (await task.GetLeaseAsync(lease.LeaseId))!.Status);
        var late = await Assert.ThrowsAsync<ClawException>(() => task.CompleteAsync(Proof(lease), """{"late":true}"""));
        Assert.Equal(ErrorCodes.LeaseExpired, late.Code);
    }

    [Fact]
    public async Task A_holder_reporting_after_its_deadline_is_refused_before_any_timer_fires_and_the_task_runs_again()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-kept-late-" + Guid.NewGuid().ToString("N")[..8], silos: 1);
        var grains = cluster.GrainFactory;
        var task = grains.GetGrain<ITaskGrain>("late-task");
        await task.SubmitAsync(Submission("late-q", timeoutSeconds: 1));
        var lease = Assert.Single(await (await RegisterAsync(grains, "late-holder")).PollAsync(new(["late-q"], 1, TimeSpan.FromSeconds(5))));

        await Task.Delay(TimeSpan.FromSeconds(1.2)); // past the deadline; the timer may or may not have fired yet
        var refused = await Assert.ThrowsAsync<ClawException>(() => task.RenewAsync(Proof(lease)));
        Assert.Equal(ErrorCodes.LeaseExpired, refused.Code); // told by the report itself, or by the timer just before it
        var view = (await task.GetAsync())!;
        Assert.Equal((ClawTaskStatus.Pending, 2), (view.Status, view.Attempt));
        Assert.Single(await task.GetTimelineAsync(), e => e.Type == "lease_expired");
    }

    private static LeaseProof Proof(Assignment lease) => new(lease.LeaseId, lease.LeaseToken, null);

    private static TaskSubmission Submission(string queue, int timeoutSeconds) => new(
        queue, null, null, TaskPriority.Normal, TaskRequirements.None, timeoutSeconds, 3, new RetryBackoff(0, 1, 0), null, false, null, null,
        DispatchMode.Auto, null, "kept-lease", null);

    private static async Task<INodeGrain> RegisterAsync(IGrainFactory grains, string nodeId)
    {
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new(nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 1, null, null));
        return node;
    }
}
