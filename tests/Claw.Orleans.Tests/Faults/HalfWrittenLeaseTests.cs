using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Leases;
using Claw.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Claw.Tests.Faults;

/// <summary>
/// A lease and the task's record of it are written side by side, so either write can be lost alone. Both halves
/// must heal: no task stuck on a lease nobody holds, and no holder locked out by a lease nobody was given. The same
/// goes for a lease's end: a holder's complete, fail or release is written by the lease first and by the task second,
/// and when the second write is lost (the task's silo dies between them, its write fails, or the answer dies with the
/// lease's silo) the holder's repeat must succeed, and a holder that never repeats must not leave the task stuck.
/// </summary>
public sealed class HalfWrittenLeaseTests
{
    private static readonly (string, string)[] FastSweep =
    [
        ("Claw:Dispatch:SweepInterval", "00:00:01"),
        ("Claw:Dispatch:TakeGrace", "00:00:03"),
    ];

    [Fact]
    public async Task A_lease_written_but_never_recorded_by_its_task_is_replaced_by_the_next_issue()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-unrecorded-" + Guid.NewGuid().ToString("N")[..8], silos: 1, settings: FastSweep);
        var grains = cluster.GrainFactory;
        var taskId = (await grains.GetGrain<ITaskGrain>("unrecorded-task").SubmitAsync(Submission("unrecorded-q", timeoutSeconds: 30))).Task.Id;

        // Attempt 1's lease reached storage, the task's record of it did not: the task still says pending, fence 0.
        var orphan = await grains.GetGrain<ILeaseGrain>(LeaseIds.For(taskId, 1))
            .IssueAsync(new LeaseTerms(taskId, "ghost", "orphan-token", 1, 1, "unrecorded-q", 30, DateTimeOffset.UtcNow), onlyNew: false);
        Assert.NotNull(orphan);

        var node = await RegisterAsync(grains, "unrecorded-node");
        var assignment = Assert.Single(await node.PollAsync(new(["unrecorded-q"], 1, TimeSpan.FromSeconds(5))));
        Assert.Equal(orphan.Id, assignment.LeaseId);
        Assert.NotEqual(orphan.Token, assignment.LeaseToken);

        var done = await grains.GetGrain<ITaskGrain>(taskId).CompleteAsync(new LeaseProof(assignment.LeaseId, assignment.LeaseToken, null), """{"ok":true}""");
        Assert.Equal(ClawTaskStatus.Completed, done.Status);
        var lease = await grains.GetGrain<ILeaseGrain>(assignment.LeaseId).GetAsync();
        Assert.Equal(LeaseStatus.Completed, lease!.Status);
        Assert.Equal(assignment.LeaseToken, lease.Token);
        Assert.Equal("unrecorded-node", lease.NodeId);
    }

    [Fact]
    public async Task A_lease_its_task_recorded_but_storage_never_held_is_given_back_after_a_restart()
    {
        using var data = new TempDirectory();
        var serviceId = "claw-unissued-" + Guid.NewGuid().ToString("N")[..8];
        string taskId;
        Assignment first;
        await using (var before = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1, settings: FastSweep))
        {
            taskId = (await before.GrainFactory.GetGrain<ITaskGrain>("unissued-task").SubmitAsync(Submission("unissued-q", timeoutSeconds: 2))).Task.Id;
            var holder = await RegisterAsync(before.GrainFactory, "unissued-holder");
            first = Assert.Single(await holder.PollAsync(new(["unissued-q"], 1, TimeSpan.FromSeconds(5))));
            await before.StopAllSilosAsync();
        }

        // The task's write committed, the lease's did not: storage knows the task as assigned to a lease it never held.
        Assert.Equal(1, await DeleteLeaseRowAsync(data.Path, first.LeaseId));

        await using var after = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1, settings: FastSweep);
        var successor = await RegisterAsync(after.GrainFactory, "unissued-successor");
        var second = await Eventually.Until(
            async () => (await successor.PollAsync(new(["unissued-q"], 1, TimeSpan.FromSeconds(2)))).FirstOrDefault(),
            a => a is not null, TimeSpan.FromSeconds(30), "the sweep to give the unissued lease back and the successor to lease the task");
        Assert.Equal(taskId, second!.TaskId);
        Assert.NotEqual(first.LeaseId, second.LeaseId);

        var task = after.GrainFactory.GetGrain<ITaskGrain>(taskId);
        await Assert.ThrowsAsync<Abstractions.Errors.ClawException>(() => task.CompleteAsync(new LeaseProof(first.LeaseId, first.LeaseToken, null), null));
        Assert.Equal(ClawTaskStatus.Completed, (await task.CompleteAsync(new LeaseProof(second.LeaseId, second.LeaseToken, null), null)).Status);
        Assert.Contains(await task.GetTimelineAsync(), e => e.Type == "lease_revoked" && e.Detail == LeaseGrain.NotIssued);
    }

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
        DispatchMode.Auto, null, "half-written", null);

    private static async Task<INodeGrain> RegisterAsync(IGrainFactory grains, string nodeId)
    {
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new(nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 1, null, null));
        return node;
    }

    private static async Task<int> DeleteLeaseRowAsync(string dataDirectory, string leaseId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "claw.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {LeaseTable.Name} WHERE id = $id";
        command.Parameters.AddWithValue("$id", leaseId);
        return await command.ExecuteNonQueryAsync();
    }
}
