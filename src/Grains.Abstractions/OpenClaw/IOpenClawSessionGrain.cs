namespace Claw.Abstractions.OpenClaw;

/// <summary>
/// Session affinity, keyed by Claw session key: which gateway holds a session's conversation. Its tasks run there, one
/// at a time, so the history they build stays on one gateway. The binding moves only when that gateway stops serving.
/// </summary>
[Alias("claw.IOpenClawSessionGrain")]
public interface IOpenClawSessionGrain : IGrainWithStringKey
{
    /// <summary>The gateway the session's turns run on: the bound one while it serves, else <paramref name="gatewayId"/> (now bound).</summary>
    [Alias("route")]
    Task<string> RouteAsync(string gatewayId);
}
