using Claw.Abstractions.Leases;
using System.Text.Json;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Auth;
using Claw.Gateway.Http;
using Claw.Gateway.Identity;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Claw.Gateway.Leases;

/// <summary><c>/api/v1/leases</c>: a lease id names its task, so each call goes to that task grain, which fences it.</summary>
public static class LeasesEndpoints
{
    public static IEndpointRouteBuilder MapLeasesEndpoints(this IEndpointRouteBuilder api)
    {
        var leases = api.MapGroup("/leases").WithTags("Leases").AddEndpointFilter<ValidationFilter>();
        leases.MapGet("/{id}", GetLease).WithName("GetLease");
        leases.MapPost("/{id}/heartbeat", RenewLease).WithName("RenewLease");
        leases.MapPost("/{id}/complete", CompleteLease).WithName("CompleteLease");
        leases.MapPost("/{id}/fail", FailLease).WithName("FailLease");
        leases.MapPost("/{id}/release", ReleaseLease).WithName("ReleaseLease");
        return api;
    }

    /// <summary>The token is shown only to the lease's holder (its node's key or channel) and to operators and admins.</summary>
    public static async Task<Results<Ok<LeaseResponse>, ProblemHttpResult>> GetLease(string id, IGrainFactory grains, HttpContext http)
    {
        if (Check(id) is { } invalid)
        {
            return invalid;
        }

        return await grains.TaskOfLease(id).GetLeaseAsync(id) is { } lease
            ? TypedResults.Ok(LeaseResponse.From(lease, showToken: PrincipalMiddleware.Of(http)?.ActsFor(lease.NodeId) == true))
            : Problems.NotFound("lease", id);
    }

    public static async Task<Results<Ok<LeaseResponse>, ProblemHttpResult>> RenewLease(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] LeaseActionRequest? body, IGrainFactory grains)
    {
        if (Check(id) is { } invalid)
        {
            return invalid;
        }

        var lease = await grains.TaskOfLease(id).RenewAsync(new LeaseProof(id, body?.Token, null));
        return TypedResults.Ok(LeaseResponse.From(lease));
    }

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> CompleteLease(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] LeaseActionRequest? body, IGrainFactory grains, ResultProofs proofs, HttpContext http)
    {
        var proof = Signed(new LeaseProof(id, body?.Token, null), proofs, http, ResultClaim.Result, body?.ResultJson, body?.Signature);
        return await OnTask(id, grains, task => task.CompleteAsync(proof, body?.ResultJson));
    }

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> FailLease(string id, [FromBody] LeaseActionRequest body, IGrainFactory grains, ResultProofs proofs, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(body.Error))
        {
            return Problems.Invalid("error", "Required.");
        }

        var proof = Signed(new LeaseProof(id, body.Token, null), proofs, http, ResultClaim.Error, ResultProofs.ErrorJson(body.Error), body.Signature);
        return await OnTask(id, grains, task => task.FailAsync(proof, body.Error!, body.Retriable ?? true, errorCode: body.ErrorCode));
    }

    /// <summary>A lease's result with its signature evidence, which the task judges before the result.</summary>
    private static LeaseProof Signed(LeaseProof proof, ResultProofs proofs, HttpContext http, string member, string? valueJson, JsonElement? signature) =>
        proof with { Evidence = proofs.Evidence(PrincipalMiddleware.Of(http), member, valueJson, ResultProofs.Parse(signature)) };

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> ReleaseLease(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] LeaseActionRequest? body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.ReleaseAsync(new LeaseProof(id, body?.Token, null)));

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> OnTask(string id, IGrainFactory grains, Func<ITaskGrain, Task<TaskView>> action) =>
        Check(id) ?? (Results<Ok<TaskResponse>, ProblemHttpResult>)TypedResults.Ok(TaskResponse.From(await action(grains.TaskOfLease(id))));

    /// <summary>A lease id is <c>{task id}.{fence}</c>; anything else cannot be a lease of ours.</summary>
    private static ProblemHttpResult? Check(string id) => LeaseIds.TryParse(id, out _, out _) ? null : Problems.NotFound("lease", id);
}
