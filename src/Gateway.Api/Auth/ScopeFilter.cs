using Claw.Abstractions.Auth;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Nodes;
using Claw.Gateway.Tasks;

namespace Claw.Gateway.Auth;

/// <summary>
/// Keeps a scoped principal (a key or token limited to <c>swarm_ids</c> and/or <c>queues</c>) inside its scope: 403
/// <c>forbidden</c> for a task, lease, node or swarm outside it, for a submit or poll naming a queue or swarm outside it,
/// and for a list that does not filter by the scoped queue or swarm. Workflows, schedules, the sessions list and other
/// cluster-wide routes span every scope, so a scoped principal is refused there. Unscoped principals pass untouched
/// (no grain call is added for them).
/// </summary>
internal sealed class ScopeFilter(IGrainFactory grains) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (PrincipalMiddleware.Of(http) is not { IsScoped: true } principal)
        {
            return await next(context);
        }

        var denial = await DenialAsync(principal, http, context.Arguments);
        return denial is null ? await next(context) : throw ClawException.Forbidden(denial);
    }

    private async Task<string?> DenialAsync(Principal principal, HttpContext http, IList<object?> arguments)
    {
        var route = RouteRoles.Normalize((http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);
        var segments = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var id = http.Request.RouteValues["id"] as string;
        var query = http.Request.Query;
        return segments.FirstOrDefault() switch
        {
            "tasks" when segments.Length > 1 && segments[1] == "{id}" && id is not null => await TaskAsync(principal, id),
            "tasks" when arguments.OfType<SubmitBatchRequest>().FirstOrDefault() is { Tasks: { } batch } =>
                batch.OfType<SubmitTaskRequest>().Select(submit => Check(principal, submit.Queue ?? TaskDefaults.Queue, submit.SwarmId)).FirstOrDefault(d => d is not null),
            "tasks" => arguments.OfType<SubmitTaskRequest>().FirstOrDefault() is { } submit
                ? Check(principal, submit.Queue ?? TaskDefaults.Queue, submit.SwarmId)
                : HttpMethods.IsGet(http.Request.Method) ? List(principal, query["queue"], query["swarm_id"], byQueue: true) : "A scoped key submits one task at a time.",
            "leases" when id is not null && LeaseIds.TryParse(id, out var taskId, out _) => await TaskAsync(principal, taskId),
            "nodes" or "bots" when id is not null => await NodeAsync(principal, id, arguments.OfType<PollBody>().FirstOrDefault()),
            "nodes" or "bots" => arguments.OfType<RegisterNodeRequest>().FirstOrDefault() is { } node
                ? (principal.ReachesSwarm(node.SwarmId) ? null : Outside("swarm", node.SwarmId))
                : List(principal, null, query["swarm_id"], byQueue: false),
            "swarms" when id is not null => principal.ReachesSwarm(id) ? null : Outside("swarm", id),
            "queues" when id is not null => principal.Reaches(id) ? null : Outside("queue", id),
            "ws" when segments.ElementAtOrDefault(1) == "broadcast" && id is not null => await TaskAsync(principal, id),
            "ws" when segments.ElementAtOrDefault(1) == "control" => (query["bot_id"].FirstOrDefault() ?? query["node_id"].FirstOrDefault()) is { } nodeId ? await NodeAsync(principal, nodeId, null) : null,
            _ => "This route spans every swarm and queue; a key or token scoped to some cannot use it.",
        };
    }

    private async Task<string?> TaskAsync(Principal principal, string taskId) =>
        await grains.GetGrain<ITaskGrain>(taskId).GetAsync() is { } task ? Check(principal, task.Queue, task.SwarmId) : null; // absent: the route answers 404

    private async Task<string?> NodeAsync(Principal principal, string nodeId, PollBody? poll)
    {
        if (poll is not null && principal.FirstUnreached(poll.Queues ?? [TaskDefaults.Queue]) is { } queue)
        {
            return Outside("queue", queue);
        }

        return await grains.GetGrain<INodeGrain>(nodeId).GetAsync() is { } node && !principal.ReachesSwarm(node.SwarmId) ? Outside("swarm", node.SwarmId) : null;
    }

    private static string? Check(Principal principal, string queue, string? swarmId) =>
        !principal.Reaches(queue) ? Outside("queue", queue) : !principal.ReachesSwarm(swarmId) ? Outside("swarm", swarmId) : null;

    /// <summary>A list by a scoped principal must name a queue and swarm of its scope, so it cannot read past it.</summary>
    private static string? List(Principal principal, string? queue, string? swarmId, bool byQueue)
    {
        if (byQueue && !principal.Queues.IsDefaultOrEmpty && (queue is null || !principal.Reaches(queue)))
        {
            return "A key scoped to queues lists with ?queue= naming one of them.";
        }

        return !principal.SwarmIds.IsDefaultOrEmpty && (swarmId is null || !principal.ReachesSwarm(swarmId))
            ? "A key scoped to swarms lists with ?swarm_id= naming one of them."
            : null;
    }

    private static string Outside(string what, string? name) => name is null
        ? $"This is outside the credentials' {what} scope (it belongs to no {what})."
        : $"The {what} '{name}' is outside the credentials' scope.";
}
