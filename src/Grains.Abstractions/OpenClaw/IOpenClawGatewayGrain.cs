namespace Claw.Abstractions.OpenClaw;

/// <summary>
/// One registered OpenClaw gateway: its durable record, and the director of the one WebSocket connection a silo holds
/// to it. The gateway is also a node (<c>kind: openclaw</c>) under the same id, and that connection is the node's
/// session, so agent turns are leased, fenced and requeued like any node's work. The grain keeps itself active while
/// the gateway should be connected; a reminder brings it back, with its connection, after its silo dies.
/// </summary>
[Alias("claw.IOpenClawGatewayGrain")]
public interface IOpenClawGatewayGrain : IGrainWithStringKey
{
    /// <summary>Registers the gateway (or updates it, clearing an <c>error</c>), registers its node, and connects.</summary>
    [Alias("register")]
    Task<GatewayRegistration> RegisterAsync(GatewaySpec spec);

    /// <summary>The gateway, or null when none is registered under this id.</summary>
    [Alias("get")]
    Task<GatewayView?> GetAsync();

    /// <summary>Closes the connection and removes the gateway and its node (its leases are revoked and requeued).</summary>
    [Alias("delete")]
    Task DeleteAsync();

    /// <summary>Calls the gateway's <c>health</c> now over a fresh connection.</summary>
    [Alias("probe")]
    Task<GatewayProbeResult> ProbeAsync();

    /// <summary>The connection's state, from the silo that holds it.</summary>
    [OneWay, Alias("report")]
    Task ReportAsync(ConnectionReport report);

    /// <summary>Stops connecting (<c>offline</c>) or starts again; a managed instance pauses its gateway while stopped.</summary>
    [Alias("set-paused")]
    Task SetPausedAsync(bool paused);

    /// <summary>Whether the gateway is registered and connected or about to be (a session bound to it stays with it).</summary>
    [Alias("is-serving")]
    Task<bool> IsServingAsync();

    /// <summary>
    /// Another gateway holds an unstarted task of a session bound to this one: this gateway takes it over (by assigning it
    /// to its own node) once the session and a slot are free here.
    /// </summary>
    [OneWay, Alias("adopt")]
    Task AdoptAsync(string taskId, string sessionKey);
}
