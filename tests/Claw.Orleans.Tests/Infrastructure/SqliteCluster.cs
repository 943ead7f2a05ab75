using Claw.Silo;
using Orleans.TestingHost;

namespace Claw.Tests.Infrastructure;

/// <summary>
/// A TestingHost cluster (two in-process silos by default) on the real storage providers: our state tables, Orleans'
/// ADO.NET grain storage and reminders, all in one database (a SQLite file by default) that outlives the cluster.
/// </summary>
public static class SqliteCluster
{
    public static Task<TestCluster> StartAsync(string dataDirectory, string serviceId, int silos = 2, params (string Key, string Value)[] settings) =>
        StartWithAsync(serviceId, silos, [("Claw:DataDirectory", dataDirectory), .. settings]);

    public static Task<TestCluster> StartOnPostgresAsync(string connectionString, string serviceId, int silos = 2, params (string Key, string Value)[] settings) =>
        StartWithAsync(serviceId, silos, [("Claw:Storage", "Postgres"), ("Claw:ConnectionString", connectionString), .. settings]);

    /// <summary>A SQLite cluster whose silos also run <typeparamref name="TConfigurator"/> (a test's own filter, say).</summary>
    public static Task<TestCluster> StartAsync<TConfigurator>(string dataDirectory, string serviceId, int silos, params (string Key, string Value)[] settings)
        where TConfigurator : ISiloConfigurator, new() =>
        StartWithAsync(serviceId, silos, [("Claw:DataDirectory", dataDirectory), .. settings], builder => builder.AddSiloBuilderConfigurator<TConfigurator>());

    private static async Task<TestCluster> StartWithAsync(string serviceId, int silos, (string Key, string Value)[] settings, Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = serviceId;
        builder.Properties["Claw:MinimumReminderPeriod"] = "00:00:01";
        foreach (var (key, value) in settings)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<Configurator>();
        configure?.Invoke(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddClaw(siloBuilder.Configuration, withClustering: false);
    }
}
