using Claw.Abstractions.Nodes;
using Claw.Abstractions.Schedules;
using Claw.Abstractions.Tasks;

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

    /// <summary>Tasks matching the query, oldest first, or highest priority first for the pending list.</summary>
    [Alias("list-tasks")]
    Task<Page<TaskView>> ListTasksAsync(TaskQuery query);

    /// <summary>Schedules matching the query, oldest first.</summary>
    [Alias("list-schedules")]
    Task<Page<ScheduleView>> ListSchedulesAsync(ScheduleQuery query);
}
