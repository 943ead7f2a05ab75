using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The gateway connections this silo holds (a silo-local service: a grain must not own a socket across its
/// deactivation). Gateway grains, and instance grains for their own gateways, direct it: <see cref="Ensure"/> while a
/// connection should exist, <see cref="StopAsync"/> when not. At silo shutdown every connection is closed.
/// </summary>
public sealed class OpenClawConnections(
    IGrainFactory grains,
    DeviceKeys devices,
    IOptions<OpenClawOptions> options,
    OpenClawMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, GatewayConnection> _connections = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger<GatewayConnection>();
    private volatile bool _closing;

    /// <summary>
    /// Starts the gateway's connection, or updates a running one; a connection in <c>error</c> is not retried unless its
    /// url or token change. Null once the silo is stopping.
    /// </summary>
    public GatewayConnection? Ensure(string gatewayId, ConnectionSettings settings)
    {
        while (!_closing)
        {
            if (_connections.TryGetValue(gatewayId, out var existing))
            {
                if (!existing.Superseded)
                {
                    if (!existing.Settings.SameAs(settings))
                    {
                        existing.Update(settings);
                    }

                    return existing;
                }

                _connections.TryRemove(new KeyValuePair<string, GatewayConnection>(gatewayId, existing));
                continue;
            }

            var created = new GatewayConnection(gatewayId, settings, grains, devices, options.Value, metrics, time, _logger);
            if (_connections.TryAdd(gatewayId, created))
            {
                created.Start();
                return created;
            }
        }

        return null;
    }

    public GatewayConnection? Get(string gatewayId) => _connections.GetValueOrDefault(gatewayId);

    public IReadOnlyCollection<GatewayConnection> All => [.. _connections.Values];

    public async Task StopAsync(string gatewayId, bool quietly = false)
    {
        if (_connections.TryRemove(gatewayId, out var connection))
        {
            await connection.StopAsync(quietly);
        }
    }

    /// <summary>The silo stops: every connection closes quietly (no detach, no abort: their runs go on for the silo that takes over).</summary>
    public async ValueTask StopAllAsync()
    {
        _closing = true;
        await Task.WhenAll(_connections.Keys.ToList().Select(id => StopAsync(id, quietly: true)));
    }

    public ValueTask DisposeAsync() => StopAllAsync();
}
