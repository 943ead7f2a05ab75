using Claw.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Claw.Tests.Storage;

/// <summary>Orleans' ADO.NET grain storage on our own SQL, on both databases: write, read back, version check, clear.</summary>
public sealed class AdoNetGrainStorageTests
{
    [Fact]
    public async Task Grain_state_round_trips_and_stale_writes_are_refused_on_sqlite()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-ado-" + Guid.NewGuid().ToString("N")[..8], silos: 1);
        await AssertStorageContractAsync(cluster);
    }

    [Fact]
    public async Task Grain_state_round_trips_and_stale_writes_are_refused_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var cluster = await SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, "claw-ado-" + Guid.NewGuid().ToString("N")[..8], silos: 1);
        await AssertStorageContractAsync(cluster);
    }

    private static async Task AssertStorageContractAsync(TestCluster cluster)
    {
        // The provider parses hexadecimal-looking string keys as integers before any SQL runs ("c1" and "0c1" are
        // both 193), so grains on this storage use keys with a non-hex prefix; these two must not share a row.
        var a = cluster.GrainFactory.GetGrain<IProbeStateGrain>("probe-c1");
        var b = cluster.GrainFactory.GetGrain<IProbeStateGrain>("probe-0c1");
        Assert.Equal((0, false), await a.ReadAsync());
        await a.WriteAsync(7);
        await b.WriteAsync(9);
        await a.WriteAsync(8);
        Assert.Equal((8, true), await a.ReadAsync());
        Assert.Equal((9, true), await b.ReadAsync());

        Assert.True(await a.StaleWriteIsRefusedAsync());
        Assert.Equal((9, true), await a.ReadAsync());

        await a.ClearAsync();
        Assert.Equal((0, false), await a.ReadAsync());
        await a.WriteAsync(3);
        Assert.Equal((3, true), await a.ReadAsync());
    }
}
