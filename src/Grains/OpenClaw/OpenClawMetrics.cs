using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Claw.Grains.Telemetry;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The OpenClaw series on <c>/metrics</c> (meter <c>Claw.Orleans</c>): gateways and sessions per silo (each silo reports
/// the connections and instances it holds), turn latency, reconnects, instance restarts and memory, pool utilization.
/// </summary>
public sealed class OpenClawMetrics
{
    private static readonly InstrumentAdvice<double> TurnBuckets = new()
    {
        HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
    };

    private readonly ConcurrentDictionary<string, (int InUse, int Offered, bool Connected)> _gateways = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (bool Running, long? MemoryBytes)> _instances = new(StringComparer.Ordinal);
    private (int Size, int Allocated)? _pool;

    public OpenClawMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ClawMetrics.MeterName, ClawMetrics.Version);
        meter.CreateObservableGauge("claw.openclaw.sessions.in_use", () => PerGateway(g => g.InUse), description: "Agent sessions running a turn, per gateway connection this silo holds.");
        meter.CreateObservableGauge("claw.openclaw.sessions.offered", () => PerGateway(g => g.Offered), description: "max_concurrent_sessions of each gateway connected from this silo.");
        meter.CreateObservableGauge("claw.openclaw.gateways.connected", () => _gateways.Values.Count(g => g.Connected), description: "Gateways this silo holds a live connection to.");
        meter.CreateObservableGauge("claw.openclaw.instances.running", () => _instances.Values.Count(i => i.Running), description: "Managed instances running on this silo.");
        meter.CreateObservableGauge("claw.openclaw.instance.memory", MemoryPerInstance, "By", "Resident memory of each managed instance's process tree on this silo.");
        meter.CreateObservableGauge("claw.wireguard.pool.utilization", () => _pool is { Size: > 0 } p ? [new Measurement<double>((double)p.Allocated / p.Size)] : Array.Empty<Measurement<double>>(), description: "Allocated share of the WireGuard address pool (reported by the silo hosting the pool).");
        meter.CreateObservableGauge("claw.wireguard.pool.allocated", () => _pool is { } p ? [new Measurement<int>(p.Allocated)] : Array.Empty<Measurement<int>>(), description: "Allocated WireGuard addresses.");
        TurnDuration = meter.CreateHistogram("claw.openclaw.turn.duration", "s", "An agent turn through Claw: the agent request sent to its final answer.", tags: null, advice: TurnBuckets);
        Turns = meter.CreateCounter<long>("claw.openclaw.turns", description: "Agent turns ended, by outcome (completed, failed, aborted).");
        Reconnects = meter.CreateCounter<long>("claw.openclaw.reconnects", description: "Gateway connections opened again after they were lost or closed by the gateway.");
        InstanceRestarts = meter.CreateCounter<long>("claw.openclaw.instance.restarts", description: "Managed instances started again after their process died or their silo did.");
        InstanceStartup = meter.CreateHistogram("claw.openclaw.instance.startup", "s", "A managed instance's launch to its first hello-ok.", tags: null, advice: TurnBuckets);
    }

    public Histogram<double> TurnDuration { get; }

    public Counter<long> Turns { get; }

    public Counter<long> Reconnects { get; }

    public Counter<long> InstanceRestarts { get; }

    public Histogram<double> InstanceStartup { get; }

    public void Gateway(string gatewayId, int inUse, int offered, bool connected) => _gateways[gatewayId] = (inUse, offered, connected);

    public void GatewayGone(string gatewayId) => _gateways.TryRemove(gatewayId, out _);

    public void Instance(string instanceId, bool running, long? memoryBytes) => _instances[instanceId] = (running, memoryBytes);

    public void InstanceGone(string instanceId) => _instances.TryRemove(instanceId, out _);

    public void Pool(int size, int allocated) => _pool = (size, allocated);

    private IEnumerable<Measurement<int>> PerGateway(Func<(int InUse, int Offered, bool Connected), int> pick) =>
        _gateways.Select(g => new Measurement<int>(pick(g.Value), new KeyValuePair<string, object?>("gateway", g.Key)));

    private IEnumerable<Measurement<long>> MemoryPerInstance() =>
        _instances.Where(i => i.Value.MemoryBytes is not null)
            .Select(i => new Measurement<long>(i.Value.MemoryBytes!.Value, new KeyValuePair<string, object?>("instance", i.Key)));
}
