using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// Which gateway runs a turn of a session: a session lives on one gateway (its history is there), so a task that
/// reached another gateway is handed to the session's owner, and the session moves only when its owner stops serving.
/// </summary>
internal static class SessionOwnership
{
    /// <summary>The session of a task without <c>session_key</c>: its workflow's, else its swarm's, else none (a fresh one per turn).</summary>
    public static async Task<string?> DefaultKeyAsync(ITaskGrain task)
    {
        var view = await task.GetAsync();
        return view?.WorkflowId ?? view?.SwarmId;
    }

    /// <summary>
    /// True when <paramref name="connection"/>'s gateway holds the session. Otherwise the owner is asked to take the task
    /// over (its assign revokes this unstarted lease, which ends with <paramref name="lost"/>: false) while the caller
    /// keeps the lease alive; should the owner stop serving, the session moves here.
    /// </summary>
    public static async Task<bool> HoldAsync(GatewayConnection connection, string taskId, string sessionKey, CancellationToken lost)
    {
        var session = connection.Grains.GetGrain<IOpenClawSessionGrain>(SessionGrain.KeyFor(sessionKey));
        while (true)
        {
            var owner = await session.RouteAsync(connection.GatewayId);
            if (owner == connection.GatewayId)
            {
                return true;
            }

            connection.Logger.TurnForwarded(taskId, sessionKey, owner);
            await connection.Grains.GetGrain<IOpenClawGatewayGrain>(owner).AdoptAsync(taskId, sessionKey);
            try
            {
                await Task.Delay(connection.Options.SessionRecheck, connection.Time, lost);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
