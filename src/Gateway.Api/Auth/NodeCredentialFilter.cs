using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Gateway.Nodes;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Auth;

/// <summary>
/// The node credential (API.md "Security"), around <c>POST /nodes</c> (and <c>/bots</c>) and <c>DELETE /nodes/{id}</c>:
/// <list type="bullet">
/// <item>an agent key bound to a node registers that node only; an agent key bound to none registers new nodes only
/// (it cannot take over a registered one);</item>
/// <item>with auth on, registering a new node answers <c>node_key</c>: an <c>agent</c> key bound to that node (in the
/// registrar's scope), shown this once;</item>
/// <item>deregistering a node revokes the keys bound to it.</item>
/// </list>
/// </summary>
internal sealed class NodeCredentialFilter(IGrainFactory grains, IOptions<AuthOptions> auth, IOptions<JsonOptions> json) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var route = RouteRoles.Normalize((http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);
        if (route is "/nodes" or "/bots" && HttpMethods.IsPost(http.Request.Method) && context.Arguments.OfType<RegisterNodeRequest>().FirstOrDefault() is { } body)
        {
            return await RegisterAsync(context, next, body);
        }

        var result = await next(context);
        if (route is "/nodes/{id}" or "/bots/{id}" && HttpMethods.IsDelete(http.Request.Method) && http.Request.RouteValues["id"] is string nodeId && Unwrap(result) is NoContent)
        {
            await grains.GetGrain<IApiKeysGrain>(0).RevokeNodeKeysAsync(nodeId);
        }

        return result;
    }

    private async Task<object?> RegisterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, RegisterNodeRequest body)
    {
        var caller = PrincipalMiddleware.Of(context.HttpContext) ?? Principal.Anonymous;
        var required = auth.Value.Mode == AuthMode.Required;
        var existed = (required || caller.Role == ClawRole.Agent) && Ids.IsValid(body.Id) && await grains.GetGrain<INodeGrain>(body.Id!).GetAsync() is not null;
        if (caller.Role == ClawRole.Agent)
        {
            if (caller.NodeId is { } bound && body.Id != bound)
            {
                throw ClawException.Forbidden($"This agent key is bound to node '{bound}' and registers that node only (send \"id\":\"{bound}\").");
            }

            if (caller.NodeId is null && existed)
            {
                throw ClawException.Forbidden("An agent key bound to no node registers new nodes only; this node is registered already.");
            }
        }

        var result = await next(context);
        if (!required || existed || Unwrap(result) is not Created<NodeResponse> { Value: { } node } created || caller.NodeId == node.Id)
        {
            return result;
        }

        var issued = await grains.GetGrain<IApiKeysGrain>(0).CreateAsync(
            new ApiKeySpec($"node {node.Id}", ClawRole.Agent, caller.SwarmIds.IsDefault ? [] : caller.SwarmIds, caller.Queues.IsDefault ? [] : caller.Queues, node.Id, null), caller.Id);
        var answer = JsonSerializer.SerializeToNode(node, json.Value.SerializerOptions)!.AsObject();
        answer["node_key"] = issued.Secret;
        return TypedResults.Created(created.Location, answer);
    }

    /// <summary>The result a handler's <c>Results&lt;…&gt;</c> union carries.</summary>
    private static object? Unwrap(object? result) => result is INestedHttpResult nested ? nested.Result : result;
}
