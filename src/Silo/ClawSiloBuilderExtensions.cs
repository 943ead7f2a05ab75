using Claw.Abstractions.Hosting;
using Claw.Abstractions.Callbacks;
using Claw.Gateway.Tasks;
using Claw.Grains.Callbacks;
using Claw.Gateway.Telemetry;
using Claw.Gateway.Hosting;
using Claw.Grains.Audit;
using Claw.Grains.Auth;
using Claw.Grains.Dispatch;
using Claw.Grains.Events;
using Claw.Grains.Monitoring;
using Claw.Grains.Nodes;
using Claw.Grains.Queues;
using Claw.Grains.Schedules;
using Claw.Grains.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Swarms;
using Claw.Grains.Telemetry;
using Claw.Grains.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;

namespace Claw.Silo;

/// <summary>Everything a Claw silo needs; the host and the TestingHost clusters both call it.</summary>
public static class ClawSiloBuilderExtensions
{
    /// <summary>Orleans' own ADO.NET grain storage, for grains whose state has no table of ours.</summary>
    public const string AdoNetStorageName = AdoNetGrainStorage.ProviderName;

    /// <summary>Grain locations cached per silo unless <c>Claw:Directory:CacheSize</c> says otherwise (Orleans: 1,000,000).</summary>
    public const int DirectoryCacheSize = 50_000;

    public static ISiloBuilder AddClaw(this ISiloBuilder silo, IConfiguration configuration, bool withClustering = true)
    {
        var claw = configuration.GetSection("Claw");
        var storage = claw.Get<ClawStorageOptions>() ?? new ClawStorageOptions();
        var options = claw.Get<ClawSiloOptions>() ?? new ClawSiloOptions();
        var database = ClawDatabase.Create(storage);
        var services = silo.Services;

        if (database.Kind == StorageKind.Sqlite)
        {
            // SQLite drivers block a thread per statement; without spare threads grain writes queue for seconds.
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
            if (storage.SqliteCheckpointInterval > TimeSpan.Zero)
            {
                services.AddHostedService(sp => ActivatorUtilities.CreateInstance<SqliteCheckpointer>(sp, storage.SqliteCheckpointInterval));
            }
        }

        CachedGrainInterfaceTypes.AddTo(services);
        services.AddSingleton(database);
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationParticipant>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MetricsParticipant>();
        services.AddSingleton<KeyStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, BootstrapKeyParticipant>();
        services.AddSingleton(TimeProvider.System);
        services.Configure<TelemetryOptions>(claw.GetSection("Telemetry"));
        services.AddSingleton<ClawMetrics>();
        services.AddOptions<NodeOptions>().Bind(claw.GetSection("Nodes"))
            .Validate(
                o => o.CrashAfter > TimeSpan.Zero && o.HandOffTimeout > TimeSpan.Zero && o.LeaseAuditPeriod > TimeSpan.Zero,
                "Claw:Nodes:CrashAfter, HandOffTimeout and LeaseAuditPeriod must each be longer than zero.")
            .ValidateOnStart();
        services.Configure<BreakerOptions>(claw.GetSection("Breakers"));
        services.Configure<OfflineQueueOptions>(claw.GetSection("Sockets"));
        services.Configure<DispatchOptions>(claw.GetSection("Dispatch"));
        services.Configure<QueueOptions>(claw.GetSection("Queues"));
        services.Configure<TaskOptions>(claw.GetSection("Tasks"));
        services.AddSingleton<PendingResidency>();
        services.Configure<WorkflowOptions>(claw.GetSection("Workflows"));
        services.Configure<MonitoringOptions>(claw.GetSection("Monitoring"));
        services.AddClawCallbacks(claw.GetSection("Callbacks"));
        services.Configure<EventRetentionOptions>(claw.GetSection("Events"));
        services.AddSingleton<EventRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<EventRetention>());
        services.AddSingleton<ICallbackBodyWriter, TaskCallbackBody>();
        services.AddOpenClaw(claw);
        services.AddSingleton<IStateTable, NodeTable>();
        services.AddSingleton<IStateTable, TaskTable>();
        services.AddSingleton<IStateTable, WorkflowTable>();
        services.AddSingleton<IStateTable, SwarmTable>();
        services.AddSingleton<IStateTable, ScheduleTable>();
        services.AddSingleton<IStateTable, QueueTable>();
        services.Configure<WriteBatchingOptions>(claw.GetSection(WriteBatchingOptions.Section));
        services.AddSingleton<WriteBatcher>();
        services.AddSingleton<BulkRows>();
        services.AddSingleton<RelationalGrainStorage>(); // task and lease grains take it directly, to read their state lazily
        services.AddGrainStorage(RelationalGrainStorage.ProviderName, (sp, _) => sp.GetRequiredService<RelationalGrainStorage>());

        silo.AddAdoNetGrainStorage(AdoNetStorageName, o =>
        {
            o.Invariant = database.AdoNetInvariant;
            o.DataSource = database.DataSource;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = database.AdoNetInvariant;
            o.DataSource = database.DataSource;
        });
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = options.MinimumReminderPeriod);
        silo.AddIncomingGrainCallFilter<GrainCallCounter>();
        if (DashboardSwitch.IsEnabled(configuration))
        {
            silo.AddDashboard();
        }

        services.Configure<DashboardOptions>(claw.GetSection("Dashboard"));
        if (ClawTracing.IsEnabled(configuration))
        {
            // Carries the trace context through grain calls (RequestContext), between silos and from gateways.
            silo.AddActivityPropagation();
        }

        // Orleans caches where every grain it looked up lives (up to a million), and its directory-cache gauge counts
        // that cache entry by entry each time it is read: the dashboard reads it every second. A coordinator's grains are
        // mostly short-lived tasks and leases, so a smaller cache keeps the live ones and drops the finished.
        services.AddOptions<GrainDirectoryOptions>().Configure(o => o.CacheSize = DirectoryCacheSize).Bind(claw.GetSection("Directory"));

        ClawTls.UseOnSilo(silo, claw.GetSection("Tls"));
        if (withClustering)
        {
            AddClustering(silo, database, options, claw.GetSection("Membership"));
        }

        return silo;
    }

    private static void AddClustering(ISiloBuilder silo, ClawDatabase database, ClawSiloOptions options, IConfigurationSection membership)
    {
        if (database.Kind == StorageKind.Sqlite)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            return;
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        silo.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(o =>
            {
                // A dead silo's grains (and the leases they judge) are unreachable until it is declared dead: probe
                // faster than Orleans' defaults so that takes seconds, while three missed probes still ride out a GC pause.
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 3;
            })
            .Bind(membership);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = database.AdoNetInvariant;
            o.DataSource = database.DataSource;
        });
    }
}
