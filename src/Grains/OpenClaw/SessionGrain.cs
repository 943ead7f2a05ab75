using Claw.Abstractions;
using Claw.Abstractions.OpenClaw;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// Session affinity: the first gateway to run a session's turn holds it; the binding moves only when that gateway
/// stops serving (deleted, in error, paused, or disconnected past the grace), so a session's history stays on one gateway.
/// </summary>
public sealed partial class SessionGrain(
    [PersistentState("openclaw-session", OpenClawStorage.Name)] IPersistentState<SessionState> state,
    TimeProvider time,
    ILogger<SessionGrain> logger) : Grain, IOpenClawSessionGrain
{
    /// <summary>Grain keys carry a non-hex prefix (hex-like string keys collide in the ADO.NET storage).</summary>
    public static string KeyFor(string sessionKey) => "session/" + sessionKey;

    public async Task<string> RouteAsync(string gatewayId)
    {
        var owner = state.State.GatewayId;
        if (owner == gatewayId)
        {
            return owner;
        }

        if (owner is not null && await GrainFactory.GetGrain<IOpenClawGatewayGrain>(owner).IsServingAsync())
        {
            return owner;
        }

        state.State.GatewayId = gatewayId;
        state.State.BoundAt = time.GetUtcNow();
        state.State.Moves += owner is null ? 0 : 1;
        await state.WriteStateAsync();
        LogBound(logger, this.GetPrimaryKeyString(), gatewayId, owner);
        return gatewayId;
    }

    [LoggerMessage(EventIds.OpenClawSessionBound, LogLevel.Information, "OpenClaw {Session} bound to gateway {GatewayId} (was {Previous})")]
    private static partial void LogBound(ILogger logger, string session, string gatewayId, string? previous);
}
