using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;

namespace Claw.Tests.Infrastructure;

/// <summary>What the grain-level cluster tests send: a plain task for a queue, a node with one slot, a result's lease proof.</summary>
internal static class GrainCallData
{
    public static TaskSubmission Submission(string queue, string? fingerprint = null) => new(
        queue, null, null, TaskPriority.Normal, TaskRequirements.None, 60, 3, new RetryBackoff(0, 1, 0), null, false, null, null,
        DispatchMode.Auto, null, "grain-test", fingerprint);

    public static LeaseProof Proof(Assignment assignment) => new(assignment.LeaseId, assignment.LeaseToken, null);

    public static async Task<INodeGrain> RegisterAsync(IGrainFactory grains, string nodeId)
    {
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new(nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 1, null, null));
        return node;
    }
}
