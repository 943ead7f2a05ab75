using Claw.Abstractions.Errors;
using Claw.Abstractions.Swarms;

namespace Claw.Grains.Swarms;

/// <summary>
/// A swarm's lifecycle: provisioning, then running and paused in turn, until stopped (or failed, when a node it was
/// created with is not registered). Which action each status allows, and what provisioning ends in.
/// </summary>
public static class SwarmLifecycle
{
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Stop = "stop";
    public const string AddNode = "add a node to";
    public const string Delete = "delete";

    /// <summary>Null when <paramref name="action"/> (null: any read) is allowed now; otherwise the error it meets.</summary>
    public static ClawException? Refusal(SwarmState swarm, string swarmId, string? action = null)
    {
        if (!swarm.Exists)
        {
            return ClawException.NotFound("swarm", swarmId);
        }

        var allowed = action switch
        {
            Pause or Resume => swarm.Status is SwarmStatus.Running or SwarmStatus.Paused,
            Stop or AddNode => !swarm.IsTerminal,
            Delete => swarm.IsTerminal,
            _ => true,
        };
        return allowed
            ? null
            : ClawException.Conflict(
                ErrorCodes.InvalidTransition,
                $"Cannot {action} a swarm that is {swarm.Status.Wire()}" + (action == Delete ? "; stop it first." : "."));
    }

    /// <summary>A swarm that exists and has not ended: it counts slots, heals them and is watched by its reminder.</summary>
    public static bool IsOpen(SwarmState swarm) => swarm.Exists && !swarm.IsTerminal;

    /// <summary>How many tasks may hold a slot now: its limit (null: no limit) while running, none otherwise (provisioning, paused, ended).</summary>
    public static int? Room(SwarmState swarm) => swarm.Status == SwarmStatus.Running ? swarm.Spec!.MaxConcurrentTasks : 0;

    /// <summary>Provisioning ended: running when every node joined, failed (naming the missing ones) otherwise.</summary>
    public static void Provisioned(SwarmState swarm, IReadOnlyCollection<string> missing)
    {
        swarm.Status = missing.Count == 0 ? SwarmStatus.Running : SwarmStatus.Failed;
        swarm.Error = missing.Count == 0 ? null : $"provisioning failed: node(s) {string.Join(", ", missing)} not registered";
    }
}
