using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Auth;

/// <summary><c>/auth/keys</c> (admin), <c>/auth/me</c>, and the audit log at <c>/audit</c> (admin); who may call them is in <see cref="RouteRoles"/>.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Security").AddEndpointFilter<ValidationFilter>();
        auth.MapPost("/keys", CreateKey).WithName("CreateApiKey");
        auth.MapGet("/keys", ListKeys).WithName("ListApiKeys");
        auth.MapDelete("/keys/{id}", RevokeKey).WithName("RevokeApiKey");
        auth.MapGet("/me", Me).WithName("WhoAmI");
        api.MapGet("/audit", ListAudit).WithTags("Security").WithName("ListAudit");
        return api;
    }

    public static async Task<Created<KeyResponse>> CreateKey([FromBody] CreateKeyRequest body, IGrainFactory grains, HttpContext http)
    {
        var issued = await grains.GetGrain<IApiKeysGrain>(0).CreateAsync(body.ToSpec(), Caller(http));
        return TypedResults.Created($"/api/v1/auth/keys/{issued.Key.Id}", KeyResponse.From(issued.Key, issued.Secret));
    }

    public static async Task<Results<Ok<PageResponse<KeyResponse>>, ProblemHttpResult>> ListKeys([FromQuery] int? limit, [FromQuery] string? cursor, IGrainFactory grains)
    {
        var paging = new Paging(limit, cursor);
        if (!paging.IsValid)
        {
            return Problems.Invalid("limit", $"Between 1 and {Paging.MaxLimit}; a cursor this server issued.");
        }

        var page = await grains.GetGrain<IApiKeysGrain>(0).ListAsync(paging.Size, paging.Cursor);
        return TypedResults.Ok(new PageResponse<KeyResponse>(page.Items.Select(k => KeyResponse.From(k)).ToList(), page.NextCursor));
    }

    public static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> RevokeKey(string id, IGrainFactory grains) =>
        await grains.GetGrain<IApiKeysGrain>(0).RevokeAsync(id) is { } revoked
            ? TypedResults.Ok(KeyResponse.From(revoked))
            : Problems.NotFound("key", id);

    public static Ok<MeResponse> Me(HttpContext http) => TypedResults.Ok(MeResponse.From(PrincipalMiddleware.Of(http) ?? Principal.Anonymous));

    public static async Task<Results<Ok<PageResponse<AuditResponse>>, ProblemHttpResult>> ListAudit([AsParameters] AuditListQuery query, IGrainFactory grains)
    {
        if (query.Check() is { } invalid)
        {
            return invalid;
        }

        var page = await grains.GetGrain<IAuditGrain>(0).ListAsync(query.ToQuery());
        return TypedResults.Ok(new PageResponse<AuditResponse>(page.Items.Select(AuditResponse.From).ToList(), page.NextCursor));
    }

    private static string Caller(HttpContext http) => PrincipalMiddleware.Of(http)?.Id ?? Principal.AnonymousId;
}
