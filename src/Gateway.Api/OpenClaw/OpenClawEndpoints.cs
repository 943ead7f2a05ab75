using Claw.Abstractions.OpenClaw;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.OpenClaw;

/// <summary><c>/api/v1/openclaw</c>: registered gateways (each a node that runs <c>openclaw.agent</c> tasks) and the status of all.</summary>
public static class OpenClawEndpoints
{
    public static IEndpointRouteBuilder MapOpenClawEndpoints(this IEndpointRouteBuilder api)
    {
        var openclaw = api.MapGroup("/openclaw").WithTags("OpenClaw").AddEndpointFilter<ValidationFilter>();
        openclaw.MapPost("/gateways", RegisterGateway).WithName("RegisterGateway");
        openclaw.MapGet("/gateways", ListGateways).WithName("ListGateways");
        openclaw.MapGet("/gateways/{id}", GetGateway).WithName("GetGateway");
        openclaw.MapPost("/gateways/{id}/probe", ProbeGateway).WithName("ProbeGateway");
        openclaw.MapDelete("/gateways/{id}", DeleteGateway).WithName("DeleteGateway");
        openclaw.MapGet("/status", GetStatus).WithName("GetOpenClawStatus");
        return api;
    }

    public static async Task<Results<Created<GatewayResponse>, Ok<GatewayResponse>>> RegisterGateway([FromBody] RegisterGatewayRequest body, IGrainFactory grains, HttpContext http)
    {
        var key = Idempotency.Key(http);
        var id = body.Id ?? (key is null ? Guid.NewGuid().ToString() : Idempotency.IdFor("openclaw-gateway", key));
        var result = await grains.GetGrain<IOpenClawGatewayGrain>(id).RegisterAsync(body.ToSpec(key is null ? null : Idempotency.Fingerprint(http, body)));
        if (result.Replayed)
        {
            Idempotency.MarkReplay(http);
            return TypedResults.Ok(GatewayResponse.From(result.Gateway));
        }

        return TypedResults.Created($"/api/v1/openclaw/gateways/{Uri.EscapeDataString(id)}", GatewayResponse.From(result.Gateway));
    }

    public static async Task<Results<Ok<PageResponse<GatewayResponse>>, ProblemHttpResult>> ListGateways([AsParameters] Paging paging, IGrainFactory grains)
    {
        if (!paging.IsValid)
        {
            return Problems.Invalid("limit", $"Between 1 and {Paging.MaxLimit}; a cursor from a previous page.");
        }

        var entries = await grains.GetGrain<IOpenClawDirectoryGrain>(OpenClawNames.DirectoryKey).ListAsync();
        var (ids, next) = IdPage.Slice(entries.Where(e => e.Kind == OpenClawEntryKind.Gateway).Select(e => e.Id), paging);
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IOpenClawGatewayGrain>(id).GetAsync()));
        return TypedResults.Ok(new PageResponse<GatewayResponse>(views.OfType<GatewayView>().Select(GatewayResponse.From).ToList(), next));
    }

    public static async Task<Results<Ok<GatewayResponse>, ProblemHttpResult>> GetGateway(string id, IGrainFactory grains) =>
        (Results<Ok<GatewayResponse>, ProblemHttpResult>)(await grains.GetGrain<IOpenClawGatewayGrain>(id).GetAsync() is { } gateway
            ? TypedResults.Ok(GatewayResponse.From(gateway))
            : Problems.NotFound("gateway", id));

    public static async Task<Results<Ok<ProbeResponse>, ProblemHttpResult>> ProbeGateway(string id, IGrainFactory grains) =>
        (Results<Ok<ProbeResponse>, ProblemHttpResult>)TypedResults.Ok(ProbeResponse.From(await grains.GetGrain<IOpenClawGatewayGrain>(id).ProbeAsync()));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteGateway(string id, IGrainFactory grains)
    {

        await grains.GetGrain<IOpenClawGatewayGrain>(id).DeleteAsync();
        return TypedResults.NoContent();
    }

    public static async Task<Ok<OpenClawStatusResponse>> GetStatus(IGrainFactory grains, CancellationToken aborted) =>
        TypedResults.Ok(OpenClawStatusResponse.From(await grains.GetGrain<IOpenClawDirectoryGrain>(OpenClawNames.DirectoryKey).StatusAsync().WaitAsync(aborted)));
}
