using Claw.Abstractions.WireGuard;
using Claw.Grains.WireGuard;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Claw.Tests.WireGuard;

/// <summary>The pool's one rule under load: never the same address twice, whichever silo asks, and what it handed out is durable.</summary>
public sealed class WireGuardPoolTests
{
    [Fact]
    public async Task Two_hundred_concurrent_allocations_from_two_silos_on_postgres_get_two_hundred_distinct_addresses_that_a_restarted_cluster_reads_back()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        var service = "claw-wg-" + Guid.NewGuid().ToString("N")[..8];
        await using var cluster = await SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, service, silos: 2,
            ("Claw:WireGuard:Cidr", "10.88.0.0/22"));
        var factories = cluster.Silos.Cast<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<IGrainFactory>()).ToList();

        var peers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            factories[i % 2].GetGrain<IWireGuardPoolGrain>(IWireGuardPoolGrain.Key).AllocateAsync($"node-{i:D3}", WireGuardApiTests.NewKey())));

        var cidr = Ipv4Cidr.Parse("10.88.0.0/22");
        Assert.Equal(200, peers.Select(p => p.Address).Distinct().Count());
        Assert.All(peers, p => Assert.NotNull(cidr.IndexOf(p.Address)));
        var stats = await cluster.Client.GetGrain<IWireGuardPoolGrain>(IWireGuardPoolGrain.Key).StatsAsync();
        Assert.Equal(200, stats.Allocated);
        Assert.Equal(cidr.Size - 200, stats.Free);

        // A new cluster on the same database reads the allocations back and keeps handing out free addresses only.
        await cluster.StopAllSilosAsync();
        await using var restarted = await SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, service, silos: 1,
            ("Claw:WireGuard:Cidr", "10.88.0.0/22"));
        var pool = restarted.Client.GetGrain<IWireGuardPoolGrain>(IWireGuardPoolGrain.Key);
        var again = await pool.ListAsync();
        Assert.Equal(peers.Select(p => (p.NodeId, p.Address)).Order(), again.Select(p => (p.NodeId, p.Address)).Order());
        var one = await pool.AllocateAsync("node-new", WireGuardApiTests.NewKey());
        Assert.DoesNotContain(one.Address, peers.Select(p => p.Address));
    }
}
