using Claw.Abstractions.Hosting;
using Claw.Gateway.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Claw.Gateway.Hosting;

/// <summary>
/// The gateway as its own process: an Orleans client that finds the silos through the membership table (PostgreSQL)
/// or on localhost (embedded mode), serving the whole HTTP API without hosting grains.
/// </summary>
public static partial class GatewayHost
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static Task<int> RunAsync(string[] args) => HostStart.RunAsync(() => Build(args));

    public static WebApplication Build(string[] args)
    {
        var builder = HostStart.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        var claw = builder.Configuration.GetSection("Claw");
        builder.UseOrleansClient(client =>
        {
            CachedGrainInterfaceTypes.AddTo(client.Services);
            var clusterId = claw["ClusterId"] ?? "claw";
            var serviceId = claw["ServiceId"] ?? "claw";
            if (string.Equals(claw["Storage"], "postgres", StringComparison.OrdinalIgnoreCase))
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = serviceId;
                });
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = claw["ConnectionString"]
                        ?? throw new InvalidOperationException("A gateway on PostgreSQL needs a connection string (Claw__ConnectionString or --connection-string-file): the silos' database.");
                });
            }
            else
            {
                client.UseLocalhostClustering(claw.GetValue("GatewayPort", 30000), serviceId, clusterId);
            }

            ClawTls.UseOnClient(client, claw.GetSection("Tls"));
            if (DashboardSwitch.IsEnabled(builder.Configuration))
            {
                client.AddDashboard();
            }

            if (ClawTracing.IsEnabled(builder.Configuration))
            {
                client.AddActivityPropagation();
            }
        });
        builder.AddClawGateway(DefaultUrls);

        var app = builder.Build();
        app.MapClawGateway();
        if (DashboardSwitch.IsEnabled(app.Configuration))
        {
            app.MapOrleansDashboard("/dashboard").ExcludeFromDescription();
        }

        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app.Logger, string.Join(", ", app.Urls)));
        return app;
    }

    [LoggerMessage(EventIds.GatewayStarted, LogLevel.Information, "Claw.Orleans gateway (no grains hosted here) is up on {Urls}; API under /api/v1, reference at /docs")]
    private static partial void LogStarted(ILogger logger, string urls);
}
