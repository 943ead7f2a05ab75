using Claw.Abstractions.Nodes;
using Claw.Abstractions.Queries;
using Claw.Abstractions.Queues;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Flow;

/// <summary><c>/api/v1/queues</c>: queues as resources (limits, TTL default, pause) and what waits and runs in each; a node's circuit breakers.</summary>
public static class QueuesEndpoints
{
    public static IEndpointRouteBuilder MapQueuesEndpoints(this IEndpointRouteBuilder api)
    {
        var queues = api.MapGroup("/queues").WithTags("Queues").AddEndpointFilter<ValidationFilter>();
        queues.MapGet("/", ListQueues).WithName("ListQueues");
        queues.MapGet("/{id}", GetQueue).WithName("GetQueue");
        queues.MapPut("/{id}", PutQueue).WithName("PutQueue");
        api.MapGet("/nodes/{id}/breakers", GetBreakers).WithTags("Nodes").WithName("GetNodeBreakers");
        return api;
    }

    public static async Task<Ok<NodeBreakersResponse>> GetBreakers(string id, IGrainFactory grains) =>
        TypedResults.Ok(new NodeBreakersResponse(id, (await grains.GetGrain<INodeGrain>(id).GetBreakersAsync()).Select(BreakerResponse.From).ToList()));

    public static async Task<Ok<PageResponse<QueueResponse>>> ListQueues(IGrainFactory grains, TimeProvider time)
    {
        var names = await grains.GetGrain<ICatalogGrain>(0).ListQueuesAsync();
        var views = await Task.WhenAll(names.Select(name => grains.GetGrain<IQueueControlGrain>(name).GetAsync()));
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PageResponse<QueueResponse>(views.Select(v => QueueResponse.From(v, now)).ToList(), null));
    }

    public static async Task<Results<Ok<QueueResponse>, ProblemHttpResult>> GetQueue(string id, IGrainFactory grains, TimeProvider time) =>
        Queues.IsValid(id)
            ? TypedResults.Ok(QueueResponse.From(await grains.GetGrain<IQueueControlGrain>(id).GetAsync(), time.GetUtcNow()))
            : Problems.Invalid("name", Queues.Rule);

    public static async Task<Results<Ok<QueueResponse>, ProblemHttpResult>> PutQueue(string id, [FromBody] QueueSettingsBody body, IGrainFactory grains, TimeProvider time) =>
        Queues.IsValid(id)
            ? TypedResults.Ok(QueueResponse.From(await grains.GetGrain<IQueueControlGrain>(id).PutAsync(body.ToSettings()), time.GetUtcNow()))
            : Problems.Invalid("name", Queues.Rule);
}
