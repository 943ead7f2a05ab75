using System.Collections.Immutable;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Sockets;

/// <summary><c>/api/v1/ws/...</c>: the control channel, the cluster's live sessions, and pushing a task again.</summary>
public static class SocketEndpoints
{
    private static readonly string Gateway = $"{Environment.MachineName}/{Environment.ProcessId}";

    public static IEndpointRouteBuilder MapSocketEndpoints(this IEndpointRouteBuilder api)
    {
        var ws = api.MapGroup("/ws").WithTags("WebSocket");
        ws.Map("/control", Control).ExcludeFromDescription();
        ws.MapGet("/connections", Connections).WithName("ListConnections");
        ws.MapPost("/broadcast/task/{id}", Broadcast).WithName("BroadcastTask");
        return api;
    }

    /// <summary>Refuses before the upgrade (problem details) when the request is not a WebSocket or the node is unknown.</summary>
    private static async Task<IResult> Control(HttpContext http, IGrainFactory grains, SessionServices services)
    {
        var nodeId = http.Request.Query["bot_id"].FirstOrDefault() ?? http.Request.Query["node_id"].FirstOrDefault();
        if (string.IsNullOrEmpty(nodeId) || !Ids.IsValid(nodeId))
        {
            return Problems.Invalid("bot_id", "The query must name the node: ?bot_id={node_id} (or node_id=). " + Ids.Rule);
        }

        if (await grains.GetGrain<INodeGrain>(nodeId).GetAsync() is null)
        {
            return Problems.NotFound("node", nodeId);
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            return Problems.Invalid("upgrade", "This endpoint speaks WebSocket only; send an upgrade request.");
        }

        var settings = services.Options;
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = settings.HeartbeatInterval,
            KeepAliveTimeout = settings.HeartbeatInterval, // a peer that does not answer a ping in time is dead
        });
        var queues = http.Request.Query["queues"].SelectMany(q => (q ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToImmutableArray();
        var info = new SessionInfo(nodeId, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, Gateway, queues.IsEmpty ? [TaskDefaults.Queue] : queues, settings.KeepAlive);
        var session = new NodeSession(socket, info, http.CorrelationId(), grains, services);
        await session.RunAsync(http.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IResult> Connections(IGrainFactory grains)
    {
        var sessions = await grains.GetGrain<ISessionDirectoryGrain>(0).ListAsync();
        return TypedResults.Ok(sessions.Select(s => new ConnectionResponse(s.NodeId, s.NodeId, s.SessionId, s.ConnectedAt, s.Gateway, s.Queues)));
    }

    /// <summary>Pushes a leased task to its holder again; the task grain judges whether there is one to push to.</summary>
    private static async Task<Ok<BroadcastResponse>> Broadcast(string id, IGrainFactory grains)
    {
        var nodeId = await grains.GetGrain<ITaskGrain>(id).PushToHolderAsync();
        return TypedResults.Ok(new BroadcastResponse(id, nodeId, true));
    }
}
