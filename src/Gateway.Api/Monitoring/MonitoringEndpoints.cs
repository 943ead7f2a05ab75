using Claw.Abstractions.Events;
using Claw.Abstractions.Monitoring;
using Claw.Gateway.Events;
using Claw.Gateway.Http;
using Claw.Gateway.Sockets;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Monitoring;

/// <summary>
/// <c>/api/v1/swarm</c>: swarm-wide health, the cluster-wide timeline, the alert thresholds, and the monitoring status
/// that applies them.
/// </summary>
public static class MonitoringEndpoints
{
    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder api)
    {
        var swarm = api.MapGroup("/swarm").WithTags("Operations");
        swarm.MapGet("/health", GetSwarmHealth).WithName("GetSwarmWideHealth");
        swarm.MapGet("/timeline", GetTimeline).WithName("GetClusterTimeline");
        swarm.MapGet("/alerts/thresholds", GetThresholds).WithName("GetAlertThresholds");
        swarm.MapPut("/alerts/thresholds", PutThresholds).WithName("PutAlertThresholds");
        swarm.MapPost("/alerts/thresholds/reset", ResetThresholds).WithName("ResetAlertThresholds");
        swarm.MapGet("/monitoring/status", GetStatus).WithName("GetMonitoringStatus");
        return api;
    }

    public static async Task<Ok<SwarmWideHealthResponse>> GetSwarmHealth(IGrainFactory grains) =>
        TypedResults.Ok(SwarmWideHealthResponse.From(await grains.GetGrain<IMonitoringGrain>(0).GetSwarmHealthAsync()));

    /// <summary>The cluster-wide timeline, newest first, paged by <c>cursor</c>.</summary>
    public static async Task<Results<Ok<PageResponse<EventResponse>>, ProblemHttpResult>> GetTimeline([AsParameters] EventFilterQuery query, IGrainFactory grains)
    {
        var (filter, problem) = query.Check();
        if (problem is not null)
        {
            return problem;
        }

        var page = await grains.GetGrain<IEventLogGrain>(0).ListAsync(filter!, query.Paging.Size, query.Paging.Cursor);
        return TypedResults.Ok(new PageResponse<EventResponse>([.. page.Items.Select(EventResponse.From)], page.NextCursor));
    }

    public static async Task<Ok<AlertThresholdsResponse>> GetThresholds(IGrainFactory grains) =>
        TypedResults.Ok(AlertThresholdsResponse.From(await Thresholds(grains).GetAsync()));

    public static async Task<Ok<AlertThresholdsResponse>> PutThresholds([FromBody] AlertThresholdsBody body, IGrainFactory grains) =>
        TypedResults.Ok(AlertThresholdsResponse.From(await Thresholds(grains).SetAsync(body.ToThresholds())));

    public static async Task<Ok<AlertThresholdsResponse>> ResetThresholds(IGrainFactory grains) =>
        TypedResults.Ok(AlertThresholdsResponse.From(await Thresholds(grains).ResetAsync()));

    public static async Task<Ok<MonitoringStatusResponse>> GetStatus(IGrainFactory grains, SessionBuffers buffers) =>
        TypedResults.Ok(MonitoringStatusResponse.From(await grains.GetGrain<IMonitoringGrain>(0).GetStatusAsync(buffers.Figures())));

    private static IAlertThresholdsGrain Thresholds(IGrainFactory grains) => grains.GetGrain<IAlertThresholdsGrain>(IAlertThresholdsGrain.Key);
}
