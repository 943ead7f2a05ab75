using Claw.Abstractions.Nodes;
using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.Sessions;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// A gateway connection as its node's session in the cluster: attached to the node grain while the gateway is connected
/// (leased tasks are pushed to it then), detached when not (no new work). Every report interval it keeps the node alive,
/// attaches again when the node grain was activated elsewhere, stops when a newer connection took the session over,
/// and reports to the gateway grain.
/// </summary>
internal sealed class NodeSessionLink(GatewayConnection connection, ConnectionReporter reporter)
{
    private INodeSession? _self;
    private bool _attached;

    private INodeGrain Node => connection.Grains.GetGrain<INodeGrain>(connection.Settings.NodeId);

    private SessionInfo Info => new(connection.Settings.NodeId, connection.ConnectionId, connection.ConnectedAt ?? connection.Time.GetUtcNow(),
        "openclaw", connection.Settings.Queues, connection.Options.ReportInterval);

    public async Task AttachAsync()
    {
        try
        {
            _self ??= connection.Grains.CreateObjectReference<INodeSession>(connection);
            await Node.AttachSessionAsync(Info, _self);
            _attached = true;
            await Node.ReconnectAsync(connection.ConnectionId, 0, null); // leases the node holds that this connection does not run yet come again
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            connection.Logger.NodeUnreachable(connection.GatewayId, ex); // the keep-alive attaches again
        }
    }

    public async Task DetachAsync()
    {
        _attached = false;
        try
        {
            await Node.DetachSessionAsync(connection.ConnectionId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            connection.Logger.NodeUnreachable(connection.GatewayId, ex);
        }
    }

    /// <summary>Keeps the node alive (and the session attached) and reports to the grain, every report interval, until <paramref name="stop"/>.</summary>
    public async Task KeepAliveAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await connection.PauseAsync(connection.Options.ReportInterval, stop);
            try
            {
                if (connection.IsConnected)
                {
                    var standing = await Node.SessionAliveAsync(connection.ConnectionId);
                    if (standing == SessionStanding.Replaced)
                    {
                        await connection.ReplacedAsync();
                        break;
                    }

                    if (standing == SessionStanding.Unknown || !_attached)
                    {
                        await AttachAsync(); // the node grain was activated again elsewhere
                    }
                }
                else if (connection.Status != GatewayStatus.Error && connection.HasTurns)
                {
                    await Node.HeartbeatAsync(); // turns wait for the gateway: their node must not be declared crashed meanwhile
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                connection.Logger.NodeUnreachable(connection.GatewayId, ex);
            }

            if (!stop.IsCancellationRequested)
            {
                await reporter.ReportAsync();
            }
        }

        if (_attached && !connection.Superseded && !connection.Quiet)
        {
            await DetachAsync();
        }

        if (_self is not null)
        {
            connection.Grains.DeleteObjectReference<INodeSession>(_self);
        }
    }
}
