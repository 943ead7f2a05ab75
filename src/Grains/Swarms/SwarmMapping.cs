using System.Collections.Immutable;
using Claw.Abstractions.Swarms;

namespace Claw.Grains.Swarms;

/// <summary>State → wire, shared by the swarm grain and the catalog's list query.</summary>
internal static class SwarmMapping
{
    public static SwarmView ToView(this SwarmState s, string id, ImmutableArray<string> members, int activeTasks)
    {
        var spec = s.Spec!;
        return new SwarmView(
            id, spec.Name, spec.Persona, spec.Model, s.Status, spec.MaxConcurrentTasks, spec.HeartbeatIntervalSeconds,
            members, activeTasks, spec.Thresholds, spec.MetadataJson, s.Error, s.CreatedAt, s.UpdatedAt);
    }
}
