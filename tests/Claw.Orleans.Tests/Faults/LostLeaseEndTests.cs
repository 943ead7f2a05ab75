using System.Collections.Concurrent;
using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;
using Orleans.TestingHost;
using static Claw.Tests.Infrastructure.GrainCallData;

namespace Claw.Tests.Faults;

/// <summary>
/// A node frees a slot when the one-way notice that its lease ended arrives. The notice is sent after the end is
/// committed; when its sender's silo dies in between, the notice is lost, and the node's lease audit must give the slot
/// back, without ever taking a slot from a lease that still runs.
/// </summary>
public sealed class LostLeaseEndTests
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);
    private static readonly (string, string) AuditEverySecond = ("Claw:Nodes:LeaseAuditPeriod", "00:00:01");

    [Fact]
    public async Task A_slot_whose_lease_end_notice_was_lost_is_freed_by_the_audit_and_takes_the_next_task()
    {
        using var data = new TempDirectory();
        await using var cluster = await StartAsync(data.Path, "lost-end");
        var grains = cluster.GrainFactory;
        var node = await RegisterAsync(grains, "lost-end-node");
        LoseLeaseEndNotices.To("lost-end-node");

        var assignment = await SubmitAndTakeAsync(grains, node, "lost-end-1", "lost-end-q");
        var done = await grains.GetGrain<ITaskGrain>("lost-end-1").CompleteAsync(Proof(assignment), null);

        Assert.Equal(ClawTaskStatus.Completed, done.Status);
        Assert.Equal(1, (await node.GetAsync())!.ActiveLeases); // the notice was lost: the node's only slot is still held
        await Eventually.Until(() => node.GetAsync(), view => view!.ActiveLeases == 0, TimeSpan.FromSeconds(10), "the audit to free the slot");
        var next = await SubmitAndTakeAsync(grains, node, "lost-end-2", "lost-end-q");
        Assert.Equal("lost-end-2", next.TaskId);
    }

    [Fact]
    public async Task A_lease_that_still_runs_keeps_its_slot_through_many_audits()
    {
        using var data = new TempDirectory();
        await using var cluster = await StartAsync(data.Path, "kept-lease");
        var grains = cluster.GrainFactory;
        var node = await RegisterAsync(grains, "kept-node");

        var assignment = await SubmitAndTakeAsync(grains, node, "kept-1", "kept-q");
        await Task.Delay(TimeSpan.FromSeconds(3.5)); // three audits

        Assert.Equal(1, (await node.GetAsync())!.ActiveLeases);
        var done = await grains.GetGrain<ITaskGrain>("kept-1").CompleteAsync(Proof(assignment), null);
        Assert.Equal(ClawTaskStatus.Completed, done.Status);
        await Eventually.Until(() => node.GetAsync(), view => view!.ActiveLeases == 0, TimeSpan.FromSeconds(10), "the notice to free the slot");
    }

    private static async Task<Assignment> SubmitAndTakeAsync(IGrainFactory grains, INodeGrain node, string taskId, string queue)
    {
        await grains.GetGrain<ITaskGrain>(taskId).SubmitAsync(Submission(queue));
        var assignment = Assert.Single(await node.PollAsync(new([queue], 1, LongPoll)));
        Assert.Equal(taskId, assignment.TaskId);
        return assignment;
    }

    private static Task<TestCluster> StartAsync(string dataDirectory, string name) =>
        SqliteCluster.StartAsync<LoseLeaseEndNotices>(dataDirectory, "claw-" + name + "-" + Guid.NewGuid().ToString("N")[..8], 1, AuditEverySecond);

    /// <summary>Loses every lease-end notice to the nodes named, as a sender's silo dying after its commit would.</summary>
    private sealed class LoseLeaseEndNotices : ISiloConfigurator, IIncomingGrainCallFilter
    {
        private static readonly ConcurrentDictionary<string, bool> Nodes = new(StringComparer.Ordinal);

        public static void To(string nodeId) => Nodes[nodeId] = true;

        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddIncomingGrainCallFilter<LoseLeaseEndNotices>();

        public Task Invoke(IIncomingGrainCallContext context) =>
            context.InterfaceMethod.Name == nameof(INodeGrain.LeaseEndedAsync) && Nodes.ContainsKey(context.TargetId.Key.ToString()!)
                ? Task.CompletedTask
                : context.Invoke();
    }
}
