using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Leases;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Faults;

/// <summary>
/// A holder's complete, fail or release is written by the lease grain first and by the task second. When the second
/// write is lost (the task's silo dies between them, or its write fails, or the answer dies with the lease's silo), the
/// lease says ended while the task still says leased. The holder's repeat must then succeed, and a holder that never
/// repeats must not leave the task stuck: past the deadline the sweep takes the lease back and the task runs again.
/// </summary>
public sealed class LostLeaseEndTests
{
    private static readonly (string, string)[] FastSweep =
    [
        ("Claw:Dispatch:SweepInterval", "00:00:01"),
        ("Claw:Dispatch:TakeGrace", "00:00:03"),
    ];

    [Fact]
    public async Task A_lease_ended_by_its_holder_whose_task_never_recorded_the_end_is_taken_back_after_its_deadline()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-lost-end-" + Guid.NewGuid().ToString("N")[..8], silos: 1, settings: FastSweep);
        var grains = cluster.GrainFactory;
        var task = grains.GetGrain<ITaskGrain>("lost-end-task");
        await task.SubmitAsync(Submission("lost-end-q", timeoutSeconds: 2));
        var holder = await RegisterAsync(grains, "lost-end-holder");
        var first = Assert.Single(await holder.PollAsync(new(["lost-end-q"], 1, TimeSpan.FromSeconds(5))));

        // The lease's half of the holder's complete: written, while the task's half never was.
        Assert.Equal(LeaseOutcome.Accepted, await grains.GetGrain<ILeaseGrain>(first.LeaseId).FinishAsync(first.LeaseToken, LeaseStatus.Completed));
        Assert.Equal(ClawTaskStatus.Assigned, (await task.GetAsync())!.Status);

        var successor = await RegisterAsync(grains, "lost-end-successor");
        var second = await Eventually.Until(
            async () => (await successor.PollAsync(new(["lost-end-q"], 1, TimeSpan.FromSeconds(2)))).FirstOrDefault(),
            a => a is not null, TimeSpan.FromSeconds(30), "the sweep to take the lease back and the successor to lease the task again");
        Assert.Equal(first.TaskId, second!.TaskId);
        Assert.Equal(LeaseIds.For(first.TaskId, 2), second.LeaseId);
        Assert.Equal(first.Attempt + 1, second.Attempt); // run again at once, without spending a retry
        Assert.Equal(LeaseStatus.Revoked, (await grains.GetGrain<ILeaseGrain>(first.LeaseId).GetAsync())!.Status);
        Assert.Contains(await task.GetTimelineAsync(), e => e.Type == "lease_revoked" && e.Detail == LeaseGrain.EndNotRecorded);

        var late = await Assert.ThrowsAsync<ClawException>(() => task.CompleteAsync(new LeaseProof(first.LeaseId, first.LeaseToken, null), """{"ok":1}"""));
        Assert.Equal(ErrorCodes.StaleLease, late.Code);
        Assert.Equal(ClawTaskStatus.Completed, (await task.CompleteAsync(new LeaseProof(second.LeaseId, second.LeaseToken, null), """{"ok":2}""")).Status);
        Assert.Single(await task.GetTimelineAsync(), e => e.Type == "completed");
    }

    [Fact]
    public async Task A_holder_repeating_a_complete_whose_answer_was_lost_is_accepted_once()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-repeat-end-" + Guid.NewGuid().ToString("N")[..8], silos: 1, settings: FastSweep);
        var grains = cluster.GrainFactory;
        var task = grains.GetGrain<ITaskGrain>("repeat-end-task");
        await task.SubmitAsync(Submission("repeat-end-q", timeoutSeconds: 60));
        var holder = await RegisterAsync(grains, "repeat-end-holder");
        var lease = Assert.Single(await holder.PollAsync(new(["repeat-end-q"], 1, TimeSpan.FromSeconds(5))));
        var proof = new LeaseProof(lease.LeaseId, lease.LeaseToken, null);
        Assert.Equal(LeaseOutcome.Accepted, await grains.GetGrain<ILeaseGrain>(lease.LeaseId).FinishAsync(lease.LeaseToken, LeaseStatus.Completed));

        // Another end, or another token, is still refused: only the holder's repeat of the same end goes through.
        var other = await Assert.ThrowsAsync<ClawException>(() => task.FailAsync(proof, "changed my mind", retriable: true));
        Assert.Equal(ErrorCodes.LeaseNotOwner, other.Code);
        var forged = await Assert.ThrowsAsync<ClawException>(() => task.CompleteAsync(new LeaseProof(lease.LeaseId, "1.forged", null), null));
        Assert.Equal(ErrorCodes.LeaseNotOwner, forged.Code);

        var done = await task.CompleteAsync(proof, """{"ok":true}""");
        Assert.Equal(ClawTaskStatus.Completed, done.Status);
        Assert.Equal(ClawTaskStatus.Completed, (await task.CompleteAsync(proof, """{"ok":true}""")).Status);
        Assert.Single(await task.GetTimelineAsync(), e => e.Type == "completed");
    }

    private static TaskSubmission Submission(string queue, int timeoutSeconds) => new(
        queue, null, null, TaskPriority.Normal, TaskRequirements.None, timeoutSeconds, 3, new RetryBackoff(0, 1, 0), null, false, null, null,
        DispatchMode.Auto, null, "lost-end", null);

    private static async Task<INodeGrain> RegisterAsync(IGrainFactory grains, string nodeId)
    {
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new(nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 1, null, null));
        return node;
    }
}
