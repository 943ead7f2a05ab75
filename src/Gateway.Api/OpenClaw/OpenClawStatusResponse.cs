using System.Collections.Immutable;
using Claw.Abstractions.OpenClaw;
using Claw.Gateway.Instances;
using Claw.Gateway.WireGuard;

namespace Claw.Gateway.OpenClaw;

/// <summary><c>GET /openclaw/status</c>: every gateway and instance with its state, sessions in use and recent errors, and the totals.</summary>
public sealed record OpenClawStatusResponse(
    ImmutableArray<GatewayResponse> Gateways,
    ImmutableArray<InstanceResponse> Instances,
    PoolStatsResponse IpPool,
    OpenClawTotals Totals,
    DateTimeOffset CheckedAt)
{
    public static OpenClawStatusResponse From(OpenClawStatus s) => new(
        [.. s.Gateways.Select(GatewayResponse.From)],
        [.. s.Instances.Select(InstanceResponse.From)],
        PoolStatsResponse.From(s.Pool),
        OpenClawTotals.From(s),
        s.CheckedAt);
}

/// <summary>The figures a monitoring view shows: gateways and instances by status, sessions in use of those offered, restarts.</summary>
public sealed record OpenClawTotals(
    int Gateways,
    ImmutableDictionary<string, int> GatewaysByStatus,
    int SessionsInUse,
    int SessionsOffered,
    int Instances,
    ImmutableDictionary<string, int> InstancesByStatus,
    long InstanceRestarts)
{
    public static OpenClawTotals From(OpenClawStatus s) => new(
        s.Gateways.Length,
        Count(s.Gateways.Select(g => Wire(g.Status.ToString()))),
        s.Gateways.Sum(g => g.ActiveSessions),
        s.Gateways.Where(g => g.Status is GatewayStatus.Online or GatewayStatus.Degraded).Sum(g => g.MaxConcurrentSessions),
        s.Instances.Length,
        Count(s.Instances.Select(i => Wire(i.Status.ToString()))),
        s.Instances.Sum(i => (long)i.Restarts));

    private static string Wire(string name) => name.ToLowerInvariant();

    private static ImmutableDictionary<string, int> Count(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
