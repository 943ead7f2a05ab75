using Claw.Abstractions.Identity;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Claw.Gateway.Identity;

/// <summary><c>/auth/capability-tokens</c>: issue, rotate and revoke the EdDSA tokens that limit what dispatch offers a node (operator).</summary>
public static class CapabilityTokenEndpoints
{
    public static IEndpointRouteBuilder MapCapabilityTokenEndpoints(this IEndpointRouteBuilder api)
    {
        var tokens = api.MapGroup("/auth/capability-tokens").WithTags("Security").AddEndpointFilter<ValidationFilter>();
        tokens.MapPost("/", Issue).WithName("IssueCapabilityToken");
        tokens.MapPost("/{id}/rotate", Rotate).WithName("RotateCapabilityToken");
        tokens.MapDelete("/{id}", Revoke).WithName("RevokeCapabilityToken");
        return api;
    }

    public static async Task<Created<CapabilityTokenResponse>> Issue([FromBody] IssueCapabilityTokenRequest body, IGrainFactory grains, HttpContext http)
    {
        var issued = await grains.GetGrain<ICapabilityTokensGrain>(0).IssueAsync(body.ToSpec());
        return TypedResults.Created($"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{issued.Jti}", CapabilityTokenResponse.From(issued));
    }

    public static async Task<Created<CapabilityTokenResponse>> Rotate(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] RotateCapabilityTokenRequest? body, IGrainFactory grains)
    {
        var grace = TimeSpan.FromSeconds(body?.GraceSeconds ?? RotateCapabilityTokenRequest.DefaultGraceSeconds);
        var issued = await grains.GetGrain<ICapabilityTokenGrain>(id).RotateAsync(grace, body?.TtlSeconds is { } ttl ? TimeSpan.FromSeconds(ttl) : null);
        return TypedResults.Created($"/api/v1/auth/capability-tokens/{issued.Jti}", CapabilityTokenResponse.From(issued));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string id, IGrainFactory grains) =>
        await grains.GetGrain<ICapabilityTokenGrain>(id).RevokeAsync() ? TypedResults.NoContent() : Problems.NotFound("capability token", id);
}
