using Claw.Grains.Storage;

namespace Claw.Grains.Events;

/// <summary>
/// Which events a write of a node, workflow or swarm row makes, from its status before and after: a new row is
/// <c>node.registered</c> / <c>workflow.created</c> / <c>swarm.created</c>, a changed status its own event
/// (<c>node.crashed</c>, <c>workflow.started</c>, <c>swarm.resumed</c>, <c>swarm.paused</c>, …), a deleted row
/// <c>node.deregistered</c> / <c>….deleted</c>. A write that leaves the status as it was makes none.
/// </summary>
public static class StatusEvents
{
    public const string Node = "node";
    public const string Workflow = "workflow";
    public const string Swarm = "swarm";

    public static IReadOnlyList<string> Of(string kind, StateWrite write, string? before, string after)
    {
        switch (write)
        {
            case StateWrite.Delete:
                return [kind + (kind == Node ? ".deregistered" : ".deleted")];
            case StateWrite.Insert:
                var created = kind + (kind == Node ? ".registered" : ".created");
                return after == InitialStatus(kind) ? [created] : [created, Changed(kind, null, after)];
            default:
                return before is null || before == after ? [] : [Changed(kind, before, after)];
        }
    }

    /// <summary>The status a new row of <paramref name="kind"/> starts in; its creation event says it.</summary>
    private static string InitialStatus(string kind) => kind switch
    {
        Node => "offline", // online from its first heartbeat, poll, assignment or connection
        Workflow => "pending",
        _ => "provisioning",
    };

    private static string Changed(string kind, string? before, string after) => (kind, after) switch
    {
        (Node, "offline") => "node.crashed", // once online, only the crash watch takes a node offline
        (Workflow, "in_progress") => "workflow.started",
        (Swarm, "running") when before == "paused" => "swarm.resumed",
        _ => $"{kind}.{after}",
    };
}
