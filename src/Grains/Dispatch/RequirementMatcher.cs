using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Dispatch;

/// <summary>
/// API.md matching: every required capability and model in the node's lists, each resource &gt;=, labels equal; and a
/// swarm's task runs only on the swarm's members; and what the node's capability token grants (<see cref="Identity.CapabilityRule"/>).
/// Dispatch also keeps a task off a node whose breaker bars its type.
/// </summary>
public static class RequirementMatcher
{
    /// <summary>What dispatch asks: the requirements, and no open breaker of the node for the task's type.</summary>
    public static bool Matches(QueueEntry entry, NodeProfile node) => Matches(entry.Requirements, entry.SwarmId, node) && TypeAllowed(entry.Type, node);

    /// <summary>False when the node's breakers bar <paramref name="type"/> (or every type: the node's own breaker).</summary>
    public static bool TypeAllowed(string? type, NodeProfile node) =>
        node.BarredTypes.IsDefaultOrEmpty || !(node.BarredTypes.Contains(NodeProfile.AllTypes) || node.BarredTypes.Contains(type ?? ""));

    public static bool Matches(TaskRequirements task, string? swarmId, NodeProfile node) =>
        (swarmId is null || swarmId == node.SwarmId)
        && task.Capabilities.All(c => node.Capabilities.Contains(c))
        && task.Models.All(m => node.Models.Contains(m))
        && task.Labels.All(l => node.Labels.TryGetValue(l.Key, out var value) && value == l.Value)
        && AtLeast(node.Resources.CpuCores, task.Resources.CpuCores)
        && AtLeast(node.Resources.MemoryMb, task.Resources.MemoryMb)
        && AtLeast(node.Resources.GpuCount, task.Resources.GpuCount)
        && AtLeast(node.Resources.GpuMemoryMb, task.Resources.GpuMemoryMb)
        && AtLeast(node.Resources.StorageMb, task.Resources.StorageMb)
        && Identity.CapabilityRule.Allows(node.Grant, task);

    /// <summary>A requirement the task does not state is met; one it states needs a node that declares at least as much.</summary>
    private static bool AtLeast<T>(T? offered, T? required) where T : struct, IComparable<T> =>
        required is not { } need || (offered is { } have && have.CompareTo(need) >= 0);
}
