using Claw.Abstractions.Leases;

namespace Claw.Abstractions.Sessions;

/// <summary>
/// The gateway's end of a node's WebSocket, as a grain observer: the node grain pushes work and notices through it,
/// so nothing polls on the way to an idle agent.
/// </summary>
[Alias("claw.INodeSession")]
public interface INodeSession : IGrainObserver
{
    /// <summary>Writes a <c>task_assigned</c> frame; false when the session is closing (the caller gives the lease back).</summary>
    [Alias("assign")]
    Task<bool> AssignAsync(Assignment assignment, long frameId);

    /// <summary>A notice about a task the node holds (<c>lease_revoked</c>, <c>task_cancelled</c>).</summary>
    [OneWay, Alias("notice")]
    Task NoticeAsync(SessionNotice notice);

    /// <summary>A newer connection of the same node took over; this one closes.</summary>
    [OneWay, Alias("replaced")]
    Task ReplacedAsync();
}
