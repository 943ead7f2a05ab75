using Claw.Abstractions.Instances;
using Claw.Abstractions.OpenClaw;
using Claw.Gateway.Http;
using Claw.Gateway.OpenClaw;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Instances;

/// <summary><c>/api/v1/instances</c>: OpenClaw gateways that Claw launches and supervises itself.</summary>
public static class InstancesEndpoints
{
    public const int MaxTail = 5000;

    public static IEndpointRouteBuilder MapInstancesEndpoints(this IEndpointRouteBuilder api)
    {
        var instances = api.MapGroup("/instances").WithTags("Instances").AddEndpointFilter<ValidationFilter>();
        instances.MapPost("/", CreateInstance).WithName("CreateInstance");
        instances.MapGet("/", ListInstances).WithName("ListInstances");
        instances.MapGet("/{id}", GetInstance).WithName("GetInstance");
        instances.MapPost("/{id}/stop", (string id, IGrainFactory grains) => OnInstance(id, grains, i => i.StopAsync())).WithName("StopInstance");
        instances.MapPost("/{id}/start", (string id, IGrainFactory grains) => OnInstance(id, grains, i => i.StartAsync())).WithName("StartInstance");
        instances.MapPost("/{id}/restart", (string id, IGrainFactory grains) => OnInstance(id, grains, i => i.RestartAsync())).WithName("RestartInstance");
        instances.MapPost("/{id}/upgrade", (string id, [FromBody] UpgradeInstanceRequest body, IGrainFactory grains) => OnInstance(id, grains, i => i.UpgradeAsync(body.Version!))).WithName("UpgradeInstance");
        instances.MapGet("/{id}/logs", GetLogs).WithName("GetInstanceLogs");
        instances.MapDelete("/{id}", DestroyInstance).WithName("DestroyInstance");
        return api;
    }

    public static async Task<Results<Created<InstanceResponse>, Ok<InstanceResponse>>> CreateInstance([FromBody] CreateInstanceRequest body, IGrainFactory grains, HttpContext http)
    {
        var key = Idempotency.Key(http);
        var id = key is null ? Guid.NewGuid().ToString() : Idempotency.IdFor("instance", key);
        var result = await grains.GetGrain<IInstanceGrain>(id).CreateAsync(body.ToSpec(key is null ? null : Idempotency.Fingerprint(http, body)));
        if (result.Replayed)
        {
            Idempotency.MarkReplay(http);
            return TypedResults.Ok(InstanceResponse.From(result.Instance));
        }

        return TypedResults.Created($"/api/v1/instances/{id}", InstanceResponse.From(result.Instance));
    }

    public static async Task<Results<Ok<PageResponse<InstanceResponse>>, ProblemHttpResult>> ListInstances([AsParameters] Paging paging, IGrainFactory grains)
    {
        if (!paging.IsValid)
        {
            return Problems.Invalid("limit", $"Between 1 and {Paging.MaxLimit}; a cursor from a previous page.");
        }

        var entries = await grains.GetGrain<IOpenClawDirectoryGrain>(OpenClawNames.DirectoryKey).ListAsync();
        var (ids, next) = IdPage.Slice(entries.Where(e => e.Kind == OpenClawEntryKind.Instance).Select(e => e.Id), paging);
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IInstanceGrain>(id).GetAsync()));
        return TypedResults.Ok(new PageResponse<InstanceResponse>(views.OfType<InstanceView>().Select(InstanceResponse.From).ToList(), next));
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> GetInstance(string id, IGrainFactory grains) =>
        (Results<Ok<InstanceResponse>, ProblemHttpResult>)(await grains.GetGrain<IInstanceGrain>(id).GetAsync() is { } instance
            ? TypedResults.Ok(InstanceResponse.From(instance))
            : Problems.NotFound("instance", id));

    public static async Task<Results<Ok<InstanceLogsResponse>, ProblemHttpResult>> GetLogs(string id, int? tail, IGrainFactory grains)
    {

        if (tail is not (null or (>= 1 and <= MaxTail)))
        {
            return Problems.Invalid("tail", $"Between 1 and {MaxTail}.");
        }

        return TypedResults.Ok(new InstanceLogsResponse(id, await grains.GetGrain<IInstanceGrain>(id).LogsAsync(tail ?? 200)));
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> DestroyInstance(string id, IGrainFactory grains) =>
        await OnInstance(id, grains, i => i.DestroyAsync());

    private static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> OnInstance(string id, IGrainFactory grains, Func<IInstanceGrain, Task<InstanceView>> action) =>
        (Results<Ok<InstanceResponse>, ProblemHttpResult>)TypedResults.Ok(InstanceResponse.From(await action(grains.GetGrain<IInstanceGrain>(id))));
}
