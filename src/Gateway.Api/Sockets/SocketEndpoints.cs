using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Auth;
using Claw.Gateway.Http;
using Claw.Gateway.Nodes;
using Microsoft.Extensions.Options;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Sockets;

/// <summary><c>/api/v1/ws/...</c>: the control channel, the cluster's live sessions, and pushing a task again.</summary>
public static class SocketEndpoints
{
    private static readonly string Gateway = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>The upgrade header a node presents its capability token in (or <c>capability_token</c> in its <c>auth</c> frame).</summary>
    public const string CapabilityTokenHeader = "X-Claw-Capability-Token";

    public static IEndpointRouteBuilder MapSocketEndpoints(this IEndpointRouteBuilder api)
    {
        var ws = api.MapGroup("/ws").WithTags("WebSocket");
        ws.Map("/control", Control).ExcludeFromDescription();
        ws.MapGet("/connections", Connections).WithName("ListConnections");
        ws.MapPost("/broadcast/task/{id}", Broadcast).WithName("BroadcastTask");
        return api;
    }

    /// <summary>
    /// Refuses before the upgrade (problem details) when the request is not a WebSocket, the node is unknown, the browser
    /// origin is not allowed, or the upgrade's credentials may not act for the node; without credentials (auth on),
    /// the first frame must authenticate (<see cref="SessionAuthentication"/>).
    /// </summary>
    private static async Task<IResult> Control(HttpContext http, IGrainFactory grains, SessionServices services, OriginPolicy origins, SessionAuthentication authentication, IOptions<AuthOptions> auth)
    {
        if (http.Request.Headers.Origin.ToString() is { Length: > 0 } origin && !origins.Allows(http.Request, origin))
        {
            throw ClawException.Forbidden("WebSocket connections from this browser origin are not allowed (Claw:Auth:AllowedOrigins).");
        }

        var principal = PrincipalMiddleware.Of(http);
        if (principal is null && ClawSchemes.Presented(http.Request))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The credentials were not accepted.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.Unauthenticated });
        }

        var nodeId = http.Request.Query["bot_id"].FirstOrDefault() ?? http.Request.Query["node_id"].FirstOrDefault();
        if (string.IsNullOrEmpty(nodeId) || !Ids.IsValid(nodeId))
        {
            return Problems.Invalid("bot_id", "The query must name the node: ?bot_id={node_id} (or node_id=). " + Ids.Rule);
        }

        if (await grains.GetGrain<INodeGrain>(nodeId).GetAsync() is not { } node)
        {
            return Problems.NotFound("node", nodeId);
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            return Problems.Invalid("upgrade", "This endpoint speaks WebSocket only; send an upgrade request.");
        }

        // The queues a session serves pass the rule of a poll's queues, and the scope check after authentication.
        var queues = http.Request.Query["queues"].SelectMany(q => (q ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToImmutableArray();
        if (!PollBody.AreServable(queues))
        {
            return Problems.Invalid("queues", $"At most {PollBody.MaxQueues} comma-separated queue names: {Queues.Rule}");
        }

        queues = queues.IsEmpty ? [TaskDefaults.Queue] : queues;
        if (principal is not null && !principal.ActsFor(nodeId))
        {
            throw ClawException.Forbidden($"These credentials may not act for node '{nodeId}'.");
        }

        if (principal?.FirstUnreached(queues) is { } outside)
        {
            throw ClawException.Forbidden($"The queue '{outside}' is outside the credentials' scope.");
        }

        var settings = services.Options;
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = settings.HeartbeatInterval,
            KeepAliveTimeout = settings.HeartbeatInterval, // a peer that does not answer a ping in time is dead
        });
        var info = new SessionInfo(nodeId, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, Gateway, queues, settings.KeepAlive);
        var challenge = node.PublicKey is null ? null : NodeChallenge.New(TimeProvider.System);
        if (challenge is not null)
        {
            await SessionAuthentication.SendChallengeAsync(socket, challenge);
        }

        var first = AuthFrame.None;
        if (principal is null)
        {
            (principal, first) = await authentication.FirstFrameAsync(socket, nodeId, queues, auth.Value.FirstFrameTimeout, http.CorrelationId());
        }

        if (principal is null)
        {
            return Results.Empty; // closed with 4401 or 4403
        }

        if (challenge is not null)
        {
            (var proven, first) = await authentication.ProveAsync(socket, nodeId, challenge, first, auth.Value.ChallengeTimeout);
            if (!proven)
            {
                return Results.Empty; // closed with 4401
            }
        }

        var capabilityToken = http.Request.Headers[CapabilityTokenHeader].FirstOrDefault() ?? first.CapabilityToken;
        if (!await authentication.PresentAsync(socket, nodeId, capabilityToken))
        {
            return Results.Empty;
        }

        var session = new NodeSession(socket, info, http.CorrelationId(), principal, grains, services);
        await session.RunAsync(http.RequestAborted);
        return Results.Empty;
    }

    private static async Task<Ok<ConnectionsResponse>> Connections(IGrainFactory grains)
    {
        var sessions = await grains.GetGrain<ISessionDirectoryGrain>(0).ListAsync();
        var items = sessions.Select(s => new ConnectionResponse(s.NodeId, s.NodeId, s.SessionId, s.ConnectedAt, s.Gateway, s.Queues)).ToList();
        return TypedResults.Ok(new ConnectionsResponse(items.Count, items.Select(i => i.BotId).ToList(), items));
    }

    /// <summary>
    /// Pushes a leased task to its holder's session again; the task grain judges whether there is one to push to. With
    /// ClawBot's <c>bot_id</c>, that bot must be connected (checked first, as ClawBot does) and hold the task. The 404s
    /// carry ClawBot's own sentences, which its clients read.
    /// </summary>
    private static async Task<Results<Ok<BroadcastResponse>, ProblemHttpResult>> Broadcast(string id, [FromQuery(Name = "bot_id")] string? botId, IGrainFactory grains)
    {
        if (botId is not null && !Ids.IsValid(botId))
        {
            return Problems.Invalid("bot_id", Ids.Rule);
        }

        if (botId is not null && !(await grains.GetGrain<ISessionDirectoryGrain>(0).ListAsync()).Any(s => s.NodeId == botId))
        {
            return NotConnected();
        }

        var task = grains.GetGrain<ITaskGrain>(id);
        if (await task.GetAsync() is not { } view)
        {
            return Problems.NotFound("Task not found");
        }

        if (botId is not null && view.NodeId != botId)
        {
            throw ClawException.Conflict(ErrorCodes.TaskNotAssigned, $"Task is not assigned to bot '{botId}'.");
        }

        try
        {
            return TypedResults.Ok(BroadcastResponse.Sent(id, await task.PushToHolderAsync()));
        }
        catch (ClawException ex) when (ex.Code == ErrorCodes.NodeNotConnected)
        {
            return NotConnected();
        }
    }

    private static ProblemHttpResult NotConnected() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not Found",
        detail: "Bot not connected",
        extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.NodeNotConnected });
}
