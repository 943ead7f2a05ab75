using System.Reflection;
using System.Text.Json;
using Claw.Gateway.OperatorConsole;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Claw.Gateway.Operations;

/// <summary><c>/</c>, <c>/health</c>, <c>/health/live</c> and <c>/health/ready</c>.</summary>
public static class OperationsEndpoints
{
    public const string ReadyTag = "ready";

    public static readonly string Version = typeof(OperationsEndpoints).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", GetRoot).WithName("Root").WithTags("Operations");
        endpoints.MapGet("/health", GetHealth).WithName("Health").WithTags("Operations");
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteReport });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteReport });
        return endpoints;
    }

    public static Ok<ServiceInfo> GetRoot() => TypedResults.Ok(new ServiceInfo("Claw.Orleans", "ok", Version, "/docs", "/openapi/v1.json", "/dashboard", "/metrics", ConsoleStaticFiles.Path + "/"));

    public static Ok<HealthInfo> GetHealth() => TypedResults.Ok(new HealthInfo("ok", Version));

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status == HealthStatus.Healthy ? "ok" : "unavailable",
            version = Version,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status == HealthStatus.Healthy ? "ok" : "failing", detail = e.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
