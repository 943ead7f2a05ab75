using System.Collections.Immutable;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Schedules;
using Claw.Abstractions.Swarms;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;

namespace Claw.Abstractions.Queries;

/// <summary>
/// Answers list queries straight from the relational tables (never one grain call per row). A stateless worker:
/// every silo runs its own activations, so lists are no hot spot.
/// </summary>
[Alias("claw.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Nodes matching the query, oldest registration first.</summary>
    [Alias("list-nodes")]
    Task<Page<NodeView>> ListNodesAsync(NodeQuery query);

    /// <summary>How many nodes match the query's filters (its paging aside): one COUNT, no rows read.</summary>
    [Alias("count-nodes")]
    Task<long> CountNodesAsync(NodeQuery query);

    /// <summary>Tasks matching the query, oldest first, or highest priority first for the pending list.</summary>
    [Alias("list-tasks")]
    Task<Page<TaskView>> ListTasksAsync(TaskQuery query);

    /// <summary>How many tasks match the query's filters (its paging aside): one COUNT, no rows read.</summary>
    [Alias("count-tasks")]
    Task<long> CountTasksAsync(TaskQuery query);

    /// <summary>Workflows, oldest first; their step traces as stored (a single GET shows live step status).</summary>
    [Alias("list-workflows")]
    Task<Page<WorkflowView>> ListWorkflowsAsync(StatusPageQuery query);

    /// <summary>Swarms, oldest first.</summary>
    [Alias("list-swarms")]
    Task<Page<SwarmView>> ListSwarmsAsync(StatusPageQuery query);

    /// <summary>
    /// Online nodes with a free slot (not set busy, fewer leased tasks than slots) that meet the query's requirements
    /// by the same matcher dispatch uses; each with its leased count as <c>active_leases</c>.
    /// </summary>
    [Alias("list-available-nodes")]
    Task<ImmutableArray<NodeView>> ListAvailableNodesAsync(AvailableNodeQuery query);

    /// <summary>Schedules matching the query, oldest first.</summary>
    [Alias("list-schedules")]
    Task<Page<ScheduleView>> ListSchedulesAsync(ScheduleQuery query);

    /// <summary>Names of the configured queues and of those with tasks waiting or running, in order.</summary>
    [Alias("list-queues")]
    Task<ImmutableArray<string>> ListQueuesAsync();
}
