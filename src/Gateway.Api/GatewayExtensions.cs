
using Claw.Gateway.Auth;
using Claw.Gateway.OperatorConsole;
using Claw.Gateway.Events;
using Claw.Gateway.Http;
using Claw.Gateway.Identity;
using Claw.Gateway.Instances;
using Claw.Gateway.OpenClaw;
using Claw.Gateway.WireGuard;
using Claw.Gateway.Leases;
using Claw.Gateway.Monitoring;
using Claw.Gateway.Nodes;
using Claw.Gateway.Flow;
using Claw.Gateway.Operations;
using Claw.Gateway.Schedules;
using Claw.Gateway.Sockets;
using Claw.Gateway.Swarms;
using Claw.Gateway.Telemetry;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;
using Claw.Gateway.Workflows;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

namespace Claw.Gateway;

/// <summary>Composes the HTTP side: services in <see cref="AddClawGateway"/>, the pipeline in <see cref="MapClawGateway"/>.</summary>
public static class GatewayExtensions
{
    /// <summary>
    /// Meters exported at <c>/metrics</c>: ours, Orleans', ASP.NET Core's and Kestrel's, and the runtime's own (CPU,
    /// memory, GC, thread pool: the silo-health panels of deploy/grafana/claw.json).
    /// </summary>
    public static readonly string[] Meters = ["Claw.Orleans", "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing", "System.Runtime"];

    /// <summary>
    /// The gateway's services. The auth mode is decided here, from the listen addresses (<paramref name="defaultUrls"/>
    /// when none are configured); a host that would listen off loopback without auth throws <see cref="InsecureListenException"/>.
    /// </summary>
    public static IHostApplicationBuilder AddClawGateway(this IHostApplicationBuilder builder, string defaultUrls)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection("Claw:Gateway").Get<GatewayOptions>() ?? new GatewayOptions();
        services.Configure<KestrelServerOptions>(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            // Headers as large as a body are read, so an oversized token is judged (401), not cut off unanswered.
            var headers = (int)Math.Min(int.MaxValue / 2, options.MaxRequestBodyBytes + 64 * 1024);
            k.Limits.MaxRequestHeadersTotalSize = headers;
            k.Limits.MaxRequestBufferSize = Math.Max(k.Limits.MaxRequestBufferSize ?? 0, headers + 64 * 1024);
        });
        builder.AddClawAuth(AuthStartup.Resolve(builder.Configuration, builder.Configuration["urls"] is { Length: > 0 } urls ? urls : defaultUrls));
        services.ConfigureHttpJsonOptions(json => ClawJson.Configure(json.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.TryAdd("code", ProblemCodes.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode));
            problem.Extensions["correlation_id"] = context.HttpContext.CorrelationId();
            problem.Extensions.Remove("traceId");
        });
        services.AddExceptionHandler<ClawExceptionHandler>();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Claw.Orleans API";
            document.Info.Version = OperationsEndpoints.Version;
            document.Info.Description = "A durable coordinator for fleets of AI agents: nodes, tasks, leases. Errors are RFC 9457 problem details with a stable code.";
            return Task.CompletedTask;
        }));
        services.AddScoped<ReadinessProbe>();
        services.Configure<SocketOptions>(builder.Configuration.GetSection("Claw:Sockets"));
        services.Configure<PayloadLimits>(builder.Configuration.GetSection("Claw:Tasks"));
        services.AddSingleton<SocketMetrics>();
        services.AddSingleton<SessionServices>();
        services.AddSingleton<SessionBuffers>();
        services.Configure<EventStreamOptions>(builder.Configuration.GetSection("Claw:Events"));
        services.AddSingleton<EventFeed>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SessionAuthentication>();
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [OperationsEndpoints.ReadyTag])
            .AddCheck<StorageHealthCheck>("storage", tags: [OperationsEndpoints.ReadyTag]);
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter())
            .AddClawTracing(builder.Configuration);
        return builder;
    }

    public static WebApplication MapClawGateway(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiAliasMiddleware>();
        app.UseRouting(); // after the alias: routes are matched on the rewritten path
        // After routing: the route table (RouteRoles) judges the matched endpoint's template, as /nodes/{id}/heartbeat.
        app.UseClawAuth(app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode ?? AuthMode.None);
        app.UseWebSockets();
        app.UseClawConsole(); // after authorization: the role table (RouteRoles) decides who may read its files
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("Claw.Orleans API"));
        app.MapScalarApiReference("/redoc", scalar => scalar.WithTitle("Claw.Orleans API")); // the ClawBot README's reference URL
        app.MapPrometheusScrapingEndpoint();
        app.MapGroup("/api/v1").AddEndpointFilter<IdRouteFilter>().AddEndpointFilter<ScopeFilter>().MapSchedulesEndpoints();
        app.MapOperationsEndpoints();
        app.MapGroup("/api/v1").AddEndpointFilter<IdRouteFilter>().AddEndpointFilter<ScopeFilter>().AddEndpointFilter<NodeCredentialFilter>()
            .MapNodesEndpoints().MapTasksEndpoints().MapLeasesEndpoints().MapWorkflowsEndpoints().MapSwarmsEndpoints().MapSocketEndpoints()
            .MapDeadLetterEndpoints().MapMonitoringEndpoints().MapEventsEndpoints().MapQueuesEndpoints();
        app.MapGroup("/api/v1").AddEndpointFilter<IdRouteFilter>().MapAuthEndpoints().MapCapabilityTokenEndpoints();
        app.MapGroup("/api/v1").AddEndpointFilter<IdRouteFilter>().AddEndpointFilter<ScopeFilter>().MapOpenClawEndpoints().MapInstancesEndpoints().MapWireGuardEndpoints();
        return app;
    }

}
