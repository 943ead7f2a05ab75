using Claw.Abstractions.Callbacks;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Claw.Gateway.Tasks;

/// <summary>
/// Dead letters and callbacks: <c>POST /tasks/{id}/retry</c>, the bulk <c>POST /tasks/retry</c>, and
/// <c>GET /tasks/{id}/callbacks</c> (the deliveries a task's terminal states owed its <c>callback_url</c>).
/// </summary>
public static class DeadLetterEndpoints
{
    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks").AddEndpointFilter<ValidationFilter>();
        tasks.MapPost("/retry", RetryFailedTasks).WithName("RetryFailedTasks");
        tasks.MapPost("/{id}/retry", RetryTask).WithName("RetryTask");
        tasks.MapGet("/{id}/callbacks", ListCallbacks).WithName("ListTaskCallbacks");
        return api;
    }

    public static async Task<Ok<TaskResponse>> RetryTask(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] RetryTaskRequest? body, IGrainFactory grains) =>
        TypedResults.Ok(TaskResponse.From(await grains.GetGrain<ITaskGrain>(id).RetryAsync(body?.Reason)));

    /// <summary>Pages through the dead-letter set until <c>limit</c> tasks were found or none is left.</summary>
    public static async Task<Ok<BulkRetryResponse>> RetryFailedTasks(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] BulkRetryRequest? body, IGrainFactory grains, HttpContext http)
    {
        body ??= new BulkRetryRequest(null, null, null, null, null, null);
        var left = body.Limit ?? BulkRetryRequest.DefaultLimit;
        var (retried, matched, cursor) = (0, 0, (string?)null);
        var deadLetters = grains.GetGrain<IDeadLetterGrain>(0);
        while (left > 0 && !http.RequestAborted.IsCancellationRequested)
        {
            var page = await deadLetters.RetryAsync(body.Page(Math.Min(left, IDeadLetterGrain.MaxPage), cursor));
            (retried, matched, left, cursor) = (retried + page.Retried, matched + page.Found, left - page.Found, page.NextCursor);
            if (cursor is null)
            {
                break;
            }
        }

        return TypedResults.Ok(new BulkRetryResponse(retried, matched));
    }

    public static async Task<Results<Ok<PageResponse<CallbackDeliveryResponse>>, ProblemHttpResult>> ListCallbacks(string id, IGrainFactory grains)
    {
        if (await grains.GetGrain<ITaskGrain>(id).GetAsync() is null)
        {
            return Problems.NotFound("task", id);
        }

        var deliveries = await grains.GetGrain<ICallbackLogGrain>(0).ListAsync(id);
        return TypedResults.Ok(new PageResponse<CallbackDeliveryResponse>([.. deliveries.Select(CallbackDeliveryResponse.From)], null));
    }
}
