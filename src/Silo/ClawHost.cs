using Claw.Abstractions;
using Claw.Gateway;
using Claw.Gateway.Auth;
using Claw.Gateway.Hosting;
using Claw.Grains.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Dashboard;

namespace Claw.Silo;

/// <summary>Builds the co-hosted silo + gateway, and runs the <c>migrate</c> and <c>keys</c> commands.</summary>
public static partial class ClawHost
{
    public const string DefaultUrls = "http://127.0.0.1:8000";

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "migrate":
                return await MigrateAsync(args[1..]);
            case "keys":
                return await KeysCommand.RunAsync(args[1..], Console.Out, Console.Error);
        }

        return await HostStart.RunAsync(() => Build(args));
    }

    public static WebApplication Build(string[] args)
    {
        var builder = HostStart.CreateBuilder(args);
        builder.AddClawGateway(DefaultUrls); // first: it refuses an unsafe listen before the silo is built
        builder.UseOrleans(silo => silo.AddClaw(builder.Configuration));

        var app = builder.Build();
        app.MapClawGateway();
        if (DashboardSwitch.IsEnabled(app.Configuration))
        {
            app.MapOrleansDashboard("/dashboard").ExcludeFromDescription();
        }

        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));
        return app;
    }

    /// <summary>The configuration of the one-shot commands: settings file, environment, command line, secret files.</summary>
    internal static IConfiguration CommandConfiguration(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddClawCommandLine(args)
            .Build();
        ClawConfiguration.LoadSecretFiles(configuration);
        return configuration;
    }

    private static async Task<int> MigrateAsync(string[] args)
    {
        var configuration = CommandConfiguration(args);
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
        var auth = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value;
        LogReady(app.Logger, storage, $"{address}/api/v1", DashboardSwitch.IsEnabled(app.Configuration) ? $"{address}/dashboard" : "off", $"{address}/docs", $"{address}/metrics", $"{address}/health/ready");
        LogAuth(app.Logger, auth.Mode ?? AuthMode.None, auth.Insecure && auth.Mode == AuthMode.None ? " (--insecure: nobody authenticates, yet this silo listens beyond loopback)" : "");
    }

    [LoggerMessage(EventIds.SiloReady, LogLevel.Information, "Claw.Orleans is up on {Storage}. API {Api} | dashboard {Dashboard} | API reference {Docs} | metrics {Metrics} | readiness {Ready}")]
    private static partial void LogReady(ILogger logger, StorageKind storage, string api, string dashboard, string docs, string metrics, string ready);

    [LoggerMessage(EventIds.AuthModeChosen, LogLevel.Information, "Authentication: {Mode}{Warning}")]
    private static partial void LogAuth(ILogger logger, AuthMode mode, string warning);
}
