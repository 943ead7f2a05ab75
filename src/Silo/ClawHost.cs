using Claw.Abstractions;
using Claw.Gateway;
using Claw.Gateway.Hosting;
using Claw.Grains.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Dashboard;

namespace Claw.Silo;

/// <summary>Builds the co-hosted silo + gateway, and runs the <c>migrate</c> command.</summary>
public static partial class ClawHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.FirstOrDefault() == "migrate")
        {
            return await MigrateAsync(args[1..]);
        }

        await using var app = Build(args);
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args)
    {
        // Settings ship beside the binary; the working directory only anchors ./data.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddClawCommandLine(args);
        builder.UseOrleans(silo => silo.AddClaw(builder.Configuration));
        builder.AddClawGateway();

        var app = builder.Build();
        app.MapClawGateway();
        app.MapOrleansDashboard("/dashboard").ExcludeFromDescription();
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));
        return app;
    }

    private static async Task<int> MigrateAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddClawCommandLine(args)
            .Build();
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
        await using var database = ClawDatabase.Create(configuration.GetSection("Claw").Get<ClawStorageOptions>() ?? new ClawStorageOptions());
        var migrator = new SchemaMigrator(database, loggers.CreateLogger<SchemaMigrator>());
        await migrator.ApplyAsync(CancellationToken.None);
        return 0;
    }

    private static void LogStarted(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(unknown)";
        var storage = app.Services.GetRequiredService<ClawDatabase>().Kind;
        LogReady(app.Logger, storage, $"{address}/api/v1", $"{address}/dashboard", $"{address}/docs", $"{address}/metrics", $"{address}/health/ready");
    }

    [LoggerMessage(EventIds.SiloReady, LogLevel.Information, "Claw.Orleans is up on {Storage}. API {Api} | dashboard {Dashboard} | API reference {Docs} | metrics {Metrics} | readiness {Ready}")]
    private static partial void LogReady(ILogger logger, StorageKind storage, string api, string dashboard, string docs, string metrics, string ready);
}
