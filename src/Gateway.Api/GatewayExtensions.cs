
using Claw.Gateway.Http;
using Claw.Gateway.Instances;
using Claw.Gateway.OpenClaw;
using Claw.Gateway.WireGuard;
using Claw.Gateway.Leases;
using Claw.Gateway.Nodes;
using Claw.Gateway.Operations;
using Claw.Gateway.Schedules;
using Claw.Gateway.Sockets;
using Claw.Gateway.Swarms;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;
using Claw.Gateway.Workflows;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

namespace Claw.Gateway;

/// <summary>Composes the HTTP side: services in <see cref="AddClawGateway"/>, the pipeline in <see cref="MapClawGateway"/>.</summary>
public static class GatewayExtensions
{
    /// <summary>Meters exported at <c>/metrics</c>: ours, Orleans', ASP.NET Core's and Kestrel's.</summary>
    public static readonly string[] Meters = ["Claw.Orleans", "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing"];

    public static IHostApplicationBuilder AddClawGateway(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection("Claw:Gateway").Get<GatewayOptions>() ?? new GatewayOptions();
        services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
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
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [OperationsEndpoints.ReadyTag])
            .AddCheck<StorageHealthCheck>("storage", tags: [OperationsEndpoints.ReadyTag]);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapClawGateway(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("Claw.Orleans API"));
        app.MapPrometheusScrapingEndpoint();
        app.MapGroup("/api/v1").AddEndpointFilter<IdRouteFilter>().MapSchedulesEndpoints();
        app.MapOperationsEndpoints();
        app.MapGroup("/api/v1").AddEndpointFilter<IdRouteFilter>().MapOpenClawEndpoints().MapInstancesEndpoints().MapWireGuardEndpoints();
        app.MapGroup("/api/v1").AddEndpointFilter<IdRouteFilter>().MapNodesEndpoints().MapTasksEndpoints().MapLeasesEndpoints().MapWorkflowsEndpoints().MapSwarmsEndpoints().MapSocketEndpoints();
        return app;
    }

}
