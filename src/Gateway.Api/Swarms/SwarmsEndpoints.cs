using Claw.Abstractions.Queries;
using Claw.Abstractions.Swarms;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Swarms;

/// <summary><c>/api/v1/swarms</c>: lifecycle, membership and health.</summary>
public static class SwarmsEndpoints
{
    public static IEndpointRouteBuilder MapSwarmsEndpoints(this IEndpointRouteBuilder api)
    {
        var swarms = api.MapGroup("/swarms").WithTags("Swarms").AddEndpointFilter<ValidationFilter>();
        swarms.MapPost("/", CreateSwarm).WithName("CreateSwarm");
        swarms.MapGet("/", ListSwarms).WithName("ListSwarms");
        swarms.MapGet("/{id}", GetSwarm).WithName("GetSwarm");
        swarms.MapPost("/{id}/pause", (string id, IGrainFactory grains) => OnSwarm(id, grains, s => s.PauseAsync())).WithName("PauseSwarm");
        swarms.MapPost("/{id}/resume", (string id, IGrainFactory grains) => OnSwarm(id, grains, s => s.ResumeAsync())).WithName("ResumeSwarm");
        swarms.MapPost("/{id}/stop", (string id, IGrainFactory grains) => OnSwarm(id, grains, s => s.StopAsync())).WithName("StopSwarm");
        swarms.MapPost("/{id}/nodes/{nodeId}", (string id, string nodeId, IGrainFactory grains) => OnMember(id, nodeId, grains, (s, n) => s.AddNodeAsync(n))).WithName("AddSwarmNode");
        swarms.MapDelete("/{id}/nodes/{nodeId}", (string id, string nodeId, IGrainFactory grains) => OnMember(id, nodeId, grains, (s, n) => s.RemoveNodeAsync(n))).WithName("RemoveSwarmNode");
        swarms.MapGet("/{id}/health", GetHealth).WithName("GetSwarmHealth");
        swarms.MapDelete("/{id}", DeleteSwarm).WithName("DeleteSwarm");
        return api;
    }

    public static async Task<Results<Created<SwarmResponse>, Ok<SwarmResponse>>> CreateSwarm([FromBody] CreateSwarmRequest body, IGrainFactory grains, HttpContext http)
    {
        var key = Idempotency.Key(http);
        var id = key is null ? Guid.NewGuid().ToString() : Idempotency.IdFor("swarm", key);
        var result = await grains.GetGrain<ISwarmGrain>(id).CreateAsync(body.ToSpec(key is null ? null : Idempotency.Fingerprint(http, body)));
        if (result.Replayed)
        {
            Idempotency.MarkReplay(http);
            return TypedResults.Ok(SwarmResponse.From(result.Swarm));
        }

        return TypedResults.Created($"/api/v1/swarms/{id}", SwarmResponse.From(result.Swarm));
    }

    public static async Task<Results<Ok<PageResponse<SwarmResponse>>, Ok<IAsyncEnumerable<SwarmResponse>>, ProblemHttpResult>> ListSwarms(
        [AsParameters] StatusListQuery query, IGrainFactory grains)
    {
        if (query.Check(WireText.All<SwarmStatus>()) is { } invalid)
        {
            return invalid;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(0);
        if (query.Paging.Requested)
        {
            var page = await catalog.ListSwarmsAsync(query.ToQuery(query.Paging.Size, query.Paging.Cursor));
            return TypedResults.Ok(new PageResponse<SwarmResponse>(page.Items.Select(SwarmResponse.From).ToList(), page.NextCursor));
        }

        return TypedResults.Ok(await Paging.StreamAsync(cursor => catalog.ListSwarmsAsync(query.ToQuery(Paging.MaxLimit, cursor)), SwarmResponse.From));
    }

    public static async Task<Results<Ok<SwarmResponse>, ProblemHttpResult>> GetSwarm(string id, IGrainFactory grains) =>
        await grains.GetGrain<ISwarmGrain>(id).GetAsync() is { } swarm
            ? TypedResults.Ok(SwarmResponse.From(swarm))
            : Problems.NotFound("swarm", id);

    public static async Task<Results<Ok<SwarmHealthResponse>, ProblemHttpResult>> GetHealth(string id, IGrainFactory grains) =>
        TypedResults.Ok(SwarmHealthResponse.From(await grains.GetGrain<ISwarmGrain>(id).GetHealthAsync()));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSwarm(string id, IGrainFactory grains)
    {
        await grains.GetGrain<ISwarmGrain>(id).DeleteAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SwarmResponse>, ProblemHttpResult>> OnSwarm(string id, IGrainFactory grains, Func<ISwarmGrain, Task<SwarmView>> action) =>
        TypedResults.Ok(SwarmResponse.From(await action(grains.GetGrain<ISwarmGrain>(id))));

    private static async Task<Results<Ok<SwarmResponse>, ProblemHttpResult>> OnMember(
        string id, string nodeId, IGrainFactory grains, Func<ISwarmGrain, string, Task<SwarmView>> action) =>
        TypedResults.Ok(SwarmResponse.From(await action(grains.GetGrain<ISwarmGrain>(id), nodeId)));
}
