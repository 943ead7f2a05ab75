using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;
using Npgsql;

namespace Claw.Tests.Faults;

/// <summary>
/// A lease's end frees its node's slot (and its lanes' and swarm's) only once the end is committed. The task's row is
/// held by another transaction so the end's write waits: meanwhile the node, at its one slot, must get nothing more,
/// since the table still holds it to the lease; once the write commits, its next poll gets the next task. Freed before
/// the write, the node took the next task while the table still held it to the first (and a lane at its limit saw that
/// next lease refused by the table).
/// </summary>
public sealed class LeaseEndAfterCommitTests
{
    private const string Queue = "end-commit-q";

    public enum Ending
    {
        Fail,
        Release,
        Revoke,
        Expire,
        Reassign,
    }

    [Theory]
    [InlineData(Ending.Fail)]
    [InlineData(Ending.Release)]
    [InlineData(Ending.Revoke)]
    [InlineData(Ending.Expire)]
    [InlineData(Ending.Reassign)]
    public async Task A_node_slot_is_freed_only_after_the_lease_end_is_committed(Ending ending)
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var cluster = await SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, "claw-end-commit-" + Guid.NewGuid().ToString("N")[..8], silos: 1);
        var grains = cluster.GrainFactory;
        var node = await RegisterAsync(grains, "end-node");
        var first = grains.GetGrain<ITaskGrain>("end-first");
        await first.SubmitAsync(Submission(timeoutSeconds: ending == Ending.Expire ? 2 : 60));
        var lease = Assert.Single(await node.PollAsync(new([Queue], 1, TimeSpan.FromSeconds(5))));
        await grains.GetGrain<ITaskGrain>("end-next").SubmitAsync(Submission(timeoutSeconds: 60));

        Task ended;
        await using (var holder = await HoldRowAsync(postgres.ConnectionString, "end-first"))
        {
            var proof = new LeaseProof(lease.LeaseId, lease.LeaseToken, null);
            ended = ending switch
            {
                Ending.Fail => first.FailAsync(proof, "boom", retriable: true),
                Ending.Release => first.ReleaseAsync(proof),
                Ending.Revoke => first.RevokeLeaseAsync(lease.LeaseId, "revoked by the test"),
                Ending.Expire => Task.CompletedTask, // the lease's own deadline ends it, in 2 s
                _ => RegisterAsync(grains, "end-other").ContinueWith(t => t.Result.AssignAsync("end-first")).Unwrap(),
            };
            await Eventually.Until(() => WaitingOnLocksAsync(postgres.ConnectionString), n => n > 0, TimeSpan.FromSeconds(30), "the lease end's write to wait for the row");

            Assert.Empty(await node.PollAsync(new([Queue], 1, TimeSpan.FromSeconds(1))));
            Assert.False(ended.IsCompleted && ending != Ending.Expire, "the lease end answered before its write committed");
            await holder.CommitAsync();
        }

        await ended;
        var next = await Eventually.Until(
            () => node.PollAsync(new([Queue], 1, TimeSpan.FromSeconds(2))), l => l.Length > 0, TimeSpan.FromSeconds(30), "the node's slot to free after the end committed");
        Assert.NotEqual(lease.LeaseId, Assert.Single(next).LeaseId);
    }

    [Fact]
    public async Task An_assign_by_hand_that_is_refused_leaves_the_holder_its_lease()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-end-refused-" + Guid.NewGuid().ToString("N")[..8], silos: 1);
        var grains = cluster.GrainFactory;
        var holder = await RegisterAsync(grains, "gpu-node", ["gpu"]);
        var task = grains.GetGrain<ITaskGrain>("needs-gpu");
        await task.SubmitAsync(Submission(timeoutSeconds: 60) with { Requirements = TaskRequirements.None with { Capabilities = ["gpu"] } });
        var lease = Assert.Single(await holder.PollAsync(new([Queue], 1, TimeSpan.FromSeconds(5))));

        var other = await RegisterAsync(grains, "plain-node");
        var refused = await Assert.ThrowsAsync<ClawException>(() => other.AssignAsync("needs-gpu"));
        Assert.Equal(ErrorCodes.NodeCannotRun, refused.Code);

        // Nothing changed: the holder's result is taken (before, the refused assign had ended the lease in memory only).
        var done = await task.CompleteAsync(new LeaseProof(lease.LeaseId, lease.LeaseToken, null), """{"ok":true}""");
        Assert.Equal((ClawTaskStatus.Completed, "gpu-node"), (done.Status, done.NodeId));
    }

    /// <summary>An open transaction holding the task's row: its next write waits until the transaction ends.</summary>
    private static async Task<RowHold> HoldRowAsync(string connectionString, string taskId)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM claw_tasks WHERE id = @id FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("id", taskId);
        Assert.Equal(1, await command.ExecuteScalarAsync());
        return new RowHold(connection, transaction);
    }

    private static async Task<long> WaitingOnLocksAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static TaskSubmission Submission(int timeoutSeconds) => new(
        Queue, null, null, TaskPriority.Normal, TaskRequirements.None, timeoutSeconds, 3, new RetryBackoff(0, 1, 0), null, false, null, null,
        DispatchMode.Auto, null, "end-commit", null);

    private static async Task<INodeGrain> RegisterAsync(IGrainFactory grains, string nodeId, string[]? capabilities = null)
    {
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new(nodeId, [.. capabilities ?? []], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 1, null, null));
        return node;
    }

    private sealed class RowHold(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public Task CommitAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
