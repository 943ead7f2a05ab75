using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Claw.Tests.Cluster;

public sealed class ClusterRestartTests
{
    private static readonly (string, string) ShortCrashAfter = ("Claw:Nodes:CrashAfter", "00:00:03");

    [Fact]
    public async Task Node_state_and_its_liveness_reminder_survive_a_full_cluster_restart()
    {
        using var data = new TempDirectory();
        var serviceId = "claw-restart-" + Guid.NewGuid().ToString("N")[..8];
        var registration = new NodeRegistration("survivor", ["python", "gpu"], new NodeResources(CpuCores: 4), ["llama"],
            ImmutableDictionary<string, string>.Empty.Add("zone", "a"), null, 2, null, """{"owner":"tests"}""");

        NodeView registered;
        await using (var first = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1, settings: ShortCrashAfter))
        {
            var node = first.GrainFactory.GetGrain<INodeGrain>("node-survivor");
            Assert.Equal(NodeStatus.Offline, (await node.RegisterAsync(registration)).Node.Status); // online from its first beat
            registered = await node.HeartbeatAsync();
            Assert.Equal(NodeStatus.Online, registered.Status);
            await first.StopAllSilosAsync();
        }

        await using var second = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1, settings: ShortCrashAfter);

        // Nothing calls the grain: only the durable reminder can wake it and declare the silent node crashed.
        await Eventually.Until(() => ReadStatusAsync(data.Path, "node-survivor"), s => s == "offline", TimeSpan.FromSeconds(60), "the reminder to mark the node offline");

        var after = await second.GrainFactory.GetGrain<INodeGrain>("node-survivor").GetAsync();
        Assert.NotNull(after);
        Assert.Equal(NodeStatus.Offline, after.Status);
        Assert.Equal(registered.CreatedAt, after.CreatedAt);
        Assert.Equal(["python", "gpu"], after.Capabilities.ToArray());
        Assert.Equal(4, after.Resources.CpuCores);
        Assert.Equal("""{"owner":"tests"}""", after.MetadataJson);
    }

    [Fact]
    public async Task A_task_submitted_again_after_a_restart_is_replayed_from_storage_not_written_over()
    {
        using var data = new TempDirectory();
        var serviceId = "claw-resubmit-" + Guid.NewGuid().ToString("N")[..8];
        var submission = new TaskSubmission("resubmit-q", "echo", """{"n":1}""", TaskPriority.High, TaskRequirements.None, 30, 3, new RetryBackoff(0, 1, 0),
            null, false, null, null, DispatchMode.Auto, null, "resubmit", "fingerprint-1");
        TaskView created;
        await using (var first = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1))
        {
            created = (await first.GrainFactory.GetGrain<ITaskGrain>("task-resubmit").SubmitAsync(submission)).Task;
            await first.StopAllSilosAsync();
        }

        // A fresh activation writes a submit without reading first; the row that is already there must win.
        await using var second = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1);
        var replay = await second.GrainFactory.GetGrain<ITaskGrain>("task-resubmit").SubmitAsync(submission with { CorrelationId = "again" });
        Assert.True(replay.Replayed);
        Assert.Equal(created.CreatedAt, replay.Task.CreatedAt);
        Assert.Equal(created.CorrelationId, replay.Task.CorrelationId);

        await second.StopAllSilosAsync();
        await using var third = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1);
        var conflict = await Assert.ThrowsAsync<ClawException>(() =>
            third.GrainFactory.GetGrain<ITaskGrain>("task-resubmit").SubmitAsync(submission with { IdempotencyFingerprint = "fingerprint-2" }));
        Assert.Equal(ErrorCodes.IdempotencyConflict, conflict.Code);
        var stored = await third.GrainFactory.GetGrain<ITaskGrain>("task-resubmit").GetAsync();
        Assert.Equal(created.CreatedAt, stored!.CreatedAt);
        Assert.Equal(TaskPriority.High, stored.Priority);
    }

    private static async Task<string?> ReadStatusAsync(string dataDirectory, string nodeId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "claw.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM claw_nodes WHERE id = $id";
        command.Parameters.AddWithValue("$id", nodeId);
        return (string?)await command.ExecuteScalarAsync();
    }
}
