using Claw.Abstractions.Identity;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Queries;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Leases;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Claw.Gateway.Nodes;

/// <summary><c>/api/v1/nodes</c> and its ClawBot alias <c>/api/v1/bots</c>: the same handlers on both.</summary>
public static class NodesEndpoints
{
    public static IEndpointRouteBuilder MapNodesEndpoints(this IEndpointRouteBuilder api)
    {
        var nodes = Map(api.MapGroup("/nodes").WithTags("Nodes"));
        nodes.MapGet("/", ListNodes).WithName("ListNodes");
        nodes.MapGet("/available", ListAvailableNodes).WithName("ListAvailableNodes");
        var bots = Map(api.MapGroup("/bots").WithTags("Bots (ClawBot alias of nodes)"));
        bots.MapGet("/", ListBots).WithName("ListBots");
        bots.MapGet("/available", ListAvailableBots).WithName("ListAvailableBots");
        bots.MapGet("/capability/{capability}", ListBotsWithCapability).WithName("ListBotsWithCapability");
        return api;
    }

    private static RouteGroupBuilder Map(RouteGroupBuilder group)
    {
        group.AddEndpointFilter<ValidationFilter>();
        group.MapPost("/", RegisterNode);
        group.MapGet("/{id}", GetNode);
        group.MapPost("/{id}/heartbeat", Heartbeat);
        group.MapPost("/{id}/busy", (string id, IGrainFactory grains) => OnNode(id, grains, node => node.SetBusyAsync(true)));
        group.MapPost("/{id}/available", (string id, IGrainFactory grains) => OnNode(id, grains, node => node.SetBusyAsync(false)));
        group.MapPost("/{id}/drain", (string id, IGrainFactory grains) => OnNode(id, grains, node => node.DrainAsync()));
        group.MapPost("/{id}/poll", Poll);
        group.MapPut("/{id}/public_key", RotateKey);
        group.MapDelete("/{id}", Deregister);
        return group;
    }

    public static async Task<Results<Created<NodeResponse>, Ok<NodeResponse>>> RegisterNode([FromBody] RegisterNodeRequest body, IGrainFactory grains, HttpContext http)
    {
        var key = Idempotency.Key(http);
        var id = body.Id ?? (key is null ? Guid.NewGuid().ToString() : Idempotency.IdFor("node", key));
        var registration = body.ToRegistration() with { IdempotencyKey = key, IdempotencyFingerprint = key is null ? null : Idempotency.Fingerprint(http, body) };
        var tokens = grains.GetGrain<ICapabilityTokensGrain>(0);
        if (body.CapabilityToken is { } token)
        {
            await tokens.PresentAsync(token, id, apply: false); // refused before anything is registered
        }

        var result = await grains.GetGrain<INodeGrain>(id).RegisterAsync(registration);
        if (body.CapabilityToken is { } presented)
        {
            await tokens.PresentAsync(presented, id, apply: true); // from now on dispatch offers only what the token grants
        }

        if (result.Replayed)
        {
            Idempotency.MarkReplay(http);
            return TypedResults.Ok(NodeResponse.From(result.Node));
        }

        return TypedResults.Created($"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{Uri.EscapeDataString(id)}", NodeResponse.From(result.Node));
    }

    public static async Task<Results<Ok<NodeResponse>, ProblemHttpResult>> GetNode(string id, IGrainFactory grains)
    {
        return await grains.GetGrain<INodeGrain>(id).GetAsync() is { } node
            ? TypedResults.Ok(NodeResponse.From(node))
            : Problems.NotFound("node", id);
    }

    /// <summary>Key rotation, signed by the node's current key (API.md "Security").</summary>
    public static async Task<Ok<NodeResponse>> RotateKey(string id, [FromBody] RotateKeyRequest body, IGrainFactory grains) =>
        TypedResults.Ok(NodeResponse.From(await grains.GetGrain<INodeIdentityGrain>(id).RotateKeyAsync(body.PublicKey!, body.Signature!)));

    public static async Task<Ok<HeartbeatResponse>> Heartbeat(string id, IGrainFactory grains) =>
        TypedResults.Ok(HeartbeatResponse.From(await grains.GetGrain<INodeGrain>(id).HeartbeatAsync()));

    public static async Task<Results<Ok<PollResponse>, ProblemHttpResult>> Poll(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] PollBody? body, IGrainFactory grains, HttpContext http)
    {
        body ??= new PollBody(null, null, null);
        // Orleans answers a call within its response timeout, so a long wait is taken in slices.
        var node = grains.GetGrain<INodeGrain>(id);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(body.WaitSeconds ?? 0);
        while (true)
        {
            var slice = TimeSpan.FromSeconds(Math.Min(PollBody.SliceSeconds, Math.Max(0, (deadline - DateTimeOffset.UtcNow).TotalSeconds)));
            var assignments = await node.PollAsync(body.ToRequest(slice), http.RequestAborted);
            if (assignments.Length > 0 || DateTimeOffset.UtcNow >= deadline || http.RequestAborted.IsCancellationRequested)
            {
                return TypedResults.Ok(new PollResponse(assignments.Select(AssignmentResponse.From).ToList()));
            }
        }
    }

    public static async Task<Results<Ok<PageResponse<NodeResponse>>, ProblemHttpResult>> ListAvailableNodes(
        [FromQuery(Name = "capability")] string[]? capabilities, IGrainFactory grains) =>
        await AvailableAsync(capabilities, grains) switch
        {
            { } list => TypedResults.Ok(new PageResponse<NodeResponse>(list, null)),
            null => Problems.Invalid("capability", Validation.Strings.Rule),
        };

    public static async Task<Results<Ok<List<NodeResponse>>, ProblemHttpResult>> ListAvailableBots(
        [FromQuery(Name = "capability")] string[]? capabilities, IGrainFactory grains) =>
        await AvailableAsync(capabilities, grains) switch
        {
            { } list => TypedResults.Ok(list),
            null => Problems.Invalid("capability", Validation.Strings.Rule),
        };

    /// <summary>Online nodes with a free slot and every capability asked for, as the catalog finds them on the dispatch matcher.</summary>
    private static async Task<List<NodeResponse>?> AvailableAsync(string[]? capabilities, IGrainFactory grains)
    {
        var wanted = capabilities ?? [];
        var errors = new ValidationErrors();
        Validation.Strings.Check(errors, "capability", wanted);
        if (!errors.IsEmpty)
        {
            return null;
        }

        var requirements = TaskRequirements.None with { Capabilities = [.. wanted.Distinct(StringComparer.Ordinal)] };
        var nodes = await grains.GetGrain<ICatalogGrain>(0).ListAvailableNodesAsync(new AvailableNodeQuery(requirements, Paging.MaxLimit));
        return nodes.Select(NodeResponse.From).ToList();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Deregister(string id, IGrainFactory grains)
    {
        await grains.GetGrain<INodeGrain>(id).DeregisterAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<NodeResponse>, ProblemHttpResult>> OnNode(string id, IGrainFactory grains, Func<INodeGrain, Task<NodeView>> action) =>
        TypedResults.Ok(NodeResponse.From(await action(grains.GetGrain<INodeGrain>(id))));

    public static async Task<Results<Ok<PageResponse<NodeResponse>>, ProblemHttpResult>> ListNodes([AsParameters] NodeListQuery query, IGrainFactory grains)
    {
        if (query.Check() is { } invalid)
        {
            return invalid;
        }

        var page = await grains.GetGrain<ICatalogGrain>(0).ListNodesAsync(query.ToQuery(query.Paging.Size, query.Paging.Cursor));
        return TypedResults.Ok(new PageResponse<NodeResponse>(page.Items.Select(NodeResponse.From).ToList(), page.NextCursor));
    }

    /// <summary>ClawBot's list: <c>{items, total, skip, limit}</c> (and <c>next_cursor</c>); with a <c>cursor</c>, Claw's page.</summary>
    public static async Task<Results<Ok<PageResponse<NodeResponse>>, Ok<SkipPage<NodeResponse>>, ProblemHttpResult>> ListBots([AsParameters] NodeListQuery query, IGrainFactory grains)
    {
        if (query.Cursor is not null)
        {
            return await ListNodes(query, grains) switch
            {
                { Result: Ok<PageResponse<NodeResponse>> ok } => ok,
                { Result: var other } => (ProblemHttpResult)other,
            };
        }

        if (query.Check(skipForm: true) is { } invalid)
        {
            return invalid;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(0);
        return TypedResults.Ok(await query.SkipPaging.FetchAsync(
            (skip, size, cursor) => catalog.ListNodesAsync(query.ToQuery(size, cursor, skip)),
            () => catalog.CountNodesAsync(query.ToQuery(1, null)),
            NodeResponse.From));
    }

    /// <summary>Every bot that has the capability, whatever its status (a bare array, as ClawBot answers).</summary>
    public static async Task<Results<Ok<IAsyncEnumerable<NodeResponse>>, ProblemHttpResult>> ListBotsWithCapability(string capability, IGrainFactory grains)
    {
        var query = new NodeListQuery(null, capability, null, null, null, null);
        if (query.Check() is { } invalid)
        {
            return invalid;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(0);
        return TypedResults.Ok(await Paging.StreamAsync(cursor => catalog.ListNodesAsync(query.ToQuery(Paging.MaxLimit, cursor)), NodeResponse.From));
    }
}
