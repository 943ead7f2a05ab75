using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Queries;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Auth;
using Claw.Gateway.Identity;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Tasks;

/// <summary><c>/api/v1/tasks</c>: submit, list, read, and the holder's reports (each passes the task grain's fencing).</summary>
public static class TasksEndpoints
{
    /// <summary>ClawBot's <c>GET /tasks/status/pending</c> answers 10 tasks unless asked for up to 100.</summary>
    private const int PendingDefaultLimit = 10;
    private const int PendingMaxLimit = 100;

    public static IEndpointRouteBuilder MapTasksEndpoints(this IEndpointRouteBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks").AddEndpointFilter<ValidationFilter>();
        tasks.MapPost("/", SubmitTask).WithName("SubmitTask");
        tasks.MapPost("/batch", SubmitBatch).WithName("SubmitTaskBatch")
            .WithMetadata(new RequestSizeLimitAttribute(api.ServiceProvider.GetRequiredService<IOptions<PayloadLimits>>().Value.MaxBatchBytes));
        tasks.MapGet("/", ListTasks).WithName("ListTasks");
        tasks.MapGet("/pending", ListPending).WithName("ListPendingTasks");
        tasks.MapGet("/status/pending", ListPending).WithName("ListPendingTasksByStatus");
        tasks.MapGet("/workflow/{id}", ListWorkflowTasks).WithName("ListTasksOfWorkflow");
        tasks.MapGet("/bot/{id}", ListBotTasks).WithName("ListTasksOfBot");
        tasks.MapGet("/{id}", GetTask).WithName("GetTask");
        tasks.MapGet("/{id}/timeline", GetTimeline).WithName("GetTaskTimeline");
        tasks.MapGet("/{id}/trace", GetTimeline).WithName("GetTaskTrace");
        tasks.MapPost("/{id}/assign", AssignTask).WithName("AssignTask");
        tasks.MapPost("/{id}/start", StartTask).WithName("StartTask");
        tasks.MapPost("/{id}/progress", ReportProgress).WithName("ReportTaskProgress");
        tasks.MapPost("/{id}/complete", CompleteTask).WithName("CompleteTask");
        tasks.MapPost("/{id}/fail", FailTask).WithName("FailTask");
        tasks.MapPost("/{id}/cancel", CancelTask).WithName("CancelTask");
        tasks.MapPost("/{id}/approve", ApproveTask).WithName("ApproveTask");
        tasks.MapPost("/{id}/reject", RejectTask).WithName("RejectTask");
        tasks.MapDelete("/{id}", DeleteTask).WithName("DeleteTask");
        return api;
    }

    public static async Task<Results<Created<TaskResponse>, Ok<TaskResponse>>> SubmitTask([FromBody] SubmitTaskRequest body, IGrainFactory grains, HttpContext http)
    {
        var (id, submission) = Submission(body, Idempotency.Key(http) ?? body.IdempotencyKey, http);
        var result = await grains.GetGrain<ITaskGrain>(id).SubmitAsync(submission);
        var task = TaskResponse.From(result.Task);
        if (result.Replayed)
        {
            Idempotency.MarkReplay(http);
            return TypedResults.Ok(task);
        }

        return TypedResults.Created($"/api/v1/tasks/{id}", task);
    }

    /// <summary>
    /// Up to 1,000 tasks in one call, answered in order once all are written (<see cref="ITaskBatchGrain"/>). An item's
    /// own <c>idempotency_key</c> keys it; an <c>Idempotency-Key</c> header keys every other item as <c>{key}#{index}</c>,
    /// so a whole batch sent again replays.
    /// </summary>
    public static async Task<Created<SubmitBatchResponse>> SubmitBatch([FromBody] SubmitBatchRequest body, IGrainFactory grains, HttpContext http)
    {
        var keys = body.KeysUnder(Idempotency.Key(http));
        // The items' own keys were checked with the body; one may still spell another item's key under the header.
        if (SubmitBatchRequest.SharedKeys(keys).FirstOrDefault(-1) is var shared and >= 0)
        {
            throw ClawException.InvalidField($"tasks[{shared}].idempotency_key", "An earlier task of this batch has this key (the Idempotency-Key header keys an item without its own key as '{key}#{index}').");
        }

        var items = body.Tasks!.Select((task, i) => Submission(task!, keys[i], http)).ToImmutableArray();
        var results = await grains.GetGrain<ITaskBatchGrain>(0).SubmitAsync(items);
        return TypedResults.Created((string?)null, new SubmitBatchResponse([.. results.Select(r => TaskResponse.From(r.Task))]));
    }

    /// <summary>One task's id (from its idempotency key, or new) and submission; the key itself is not fingerprinted.</summary>
    private static BatchItem Submission(SubmitTaskRequest body, string? key, HttpContext http)
    {
        var id = key is null ? Guid.NewGuid().ToString() : Idempotency.IdFor("task", key);
        var fingerprint = key is null ? null : Idempotency.Fingerprint(http, body with { IdempotencyKey = null });
        return new BatchItem(id, body.ToSubmission(http.CorrelationId(), fingerprint));
    }

    /// <summary>ClawBot's list: <c>{items, total, skip, limit}</c> (and <c>next_cursor</c>); with a <c>cursor</c>, Claw's page.</summary>
    public static async Task<Results<Ok<PageResponse<TaskResponse>>, Ok<SkipPage<TaskResponse>>, ProblemHttpResult>> ListTasks(
        [AsParameters] TaskListQuery query, IGrainFactory grains)
    {
        if (query.Cursor is not null)
        {
            return await PageAsync(query, pendingOrder: false, grains) switch
            {
                { Result: Ok<PageResponse<TaskResponse>> ok } => ok,
                { Result: var other } => (ProblemHttpResult)other,
            };
        }

        if (query.CheckSkip() is { } invalid)
        {
            return invalid;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(0);
        return TypedResults.Ok(await query.SkipPaging.FetchAsync(
            (skip, size, cursor) => catalog.ListTasksAsync(query.ToQuery(size, cursor, pendingOrder: false, skip)),
            () => catalog.CountTasksAsync(query.ToQuery(1, null, pendingOrder: false)),
            TaskResponse.From));
    }

    /// <summary>Pending tasks, highest priority first: a bare array of <c>limit</c> (1–100, default 10) as ClawBot answers; with a <c>cursor</c>, Claw's page.</summary>
    public static async Task<Results<Ok<PageResponse<TaskResponse>>, Ok<IAsyncEnumerable<TaskResponse>>, ProblemHttpResult>> ListPending(
        [AsParameters] TaskListQuery query, IGrainFactory grains)
    {
        query = query with { Status = "pending" };
        if (query.Cursor is not null)
        {
            return await PageAsync(query, pendingOrder: true, grains) switch
            {
                { Result: Ok<PageResponse<TaskResponse>> ok } => ok,
                { Result: var other } => (ProblemHttpResult)other,
            };
        }

        return await BareAsync(query, PendingDefaultLimit, PendingMaxLimit, pendingOrder: true, grains) switch
        {
            { Result: Ok<IAsyncEnumerable<TaskResponse>> ok } => ok,
            { Result: var other } => (ProblemHttpResult)other,
        };
    }

    /// <summary>Every task of a workflow, oldest first (a bare array, as ClawBot answers).</summary>
    public static Task<Results<Ok<IAsyncEnumerable<TaskResponse>>, ProblemHttpResult>> ListWorkflowTasks(string id, [AsParameters] TaskListQuery query, IGrainFactory grains) =>
        BareAsync(query with { WorkflowId = id }, Paging.BareListCap, Paging.BareListCap, pendingOrder: false, grains);

    /// <summary>Every task a bot holds or last held, oldest first (a bare array, as ClawBot answers).</summary>
    public static Task<Results<Ok<IAsyncEnumerable<TaskResponse>>, ProblemHttpResult>> ListBotTasks(string id, [AsParameters] TaskListQuery query, IGrainFactory grains) =>
        BareAsync(query with { NodeId = id, BotId = null }, Paging.BareListCap, Paging.BareListCap, pendingOrder: false, grains);

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> GetTask(string id, IGrainFactory grains) =>
        await grains.GetGrain<ITaskGrain>(id).GetAsync() is { } task
            ? TypedResults.Ok(TaskResponse.From(task))
            : Problems.NotFound("task", id);

    public static async Task<Results<Ok<List<TaskEventResponse>>, ProblemHttpResult>> GetTimeline(string id, IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetGrain<ITaskGrain>(id).GetTimelineAsync()).Select(TaskEventResponse.From).ToList());

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> AssignTask(string id, [FromBody] AssignTaskRequest body, IGrainFactory grains)
    {
        await grains.GetGrain<INodeGrain>(body.Target!).AssignAsync(id);
        return TypedResults.Ok(TaskResponse.After((await grains.GetGrain<ITaskGrain>(id).GetAsync())!, "Task assigned to bot"));
    }

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> StartTask(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] StartTaskRequest? body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.StartAsync(body.Proof()), "Task started");

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> ReportProgress(string id, [FromBody] ProgressTaskRequest body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.ProgressAsync(body.Proof(), body.ToProgress()));

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> CompleteTask(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CompleteTaskRequest? body, IGrainFactory grains, ResultProofs proofs, HttpContext http)
    {
        var proof = body.Proof() with { Evidence = proofs.Evidence(PrincipalMiddleware.Of(http), ResultClaim.Result, body?.ResultJson, ResultProofs.Parse(body?.Signature)) };
        return await OnTask(id, grains, task => task.CompleteAsync(proof, body?.ResultJson), "Task completed successfully");
    }

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> FailTask(string id, [FromBody] FailTaskRequest body, IGrainFactory grains, ResultProofs proofs, HttpContext http)
    {
        var proof = body.Proof() with { Evidence = proofs.Evidence(PrincipalMiddleware.Of(http), ResultClaim.Error, body.SignedErrorJson, ResultProofs.Parse(body.Signature)) };
        return await OnTask(id, grains, task => task.FailAsync(proof, body.ErrorText, body.IsRetriable, body.ResultJson, body.ErrorCode), FailMessage);
    }

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> CancelTask(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CancelTaskRequest? body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.CancelAsync(body?.Reason), "Task cancelled");

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> ApproveTask(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApproveTaskRequest? body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.ApproveAsync(body?.By, body?.Comment));

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> RejectTask(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] RejectTaskRequest? body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.RejectAsync(body?.By, body?.Reason));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTask(string id, IGrainFactory grains)
    {
        await grains.GetGrain<ITaskGrain>(id).DeleteAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> OnTask(string id, IGrainFactory grains, Func<ITaskGrain, Task<TaskView>> action) =>
        TypedResults.Ok(TaskResponse.From(await action(grains.GetGrain<ITaskGrain>(id))));

    /// <summary>An action ClawBot clients call: the task with <c>task_id</c> and what was done in <c>message</c>.</summary>
    private static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> OnTask(string id, IGrainFactory grains, Func<ITaskGrain, Task<TaskView>> action, string message) =>
        OnTask(id, grains, action, _ => message);

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> OnTask(
        string id, IGrainFactory grains, Func<ITaskGrain, Task<TaskView>> action, Func<TaskView, string> message)
    {
        var task = await action(grains.GetGrain<ITaskGrain>(id));
        return TypedResults.Ok(TaskResponse.After(task, message(task)));
    }

    private static string FailMessage(TaskView task) => task.Status == ClawTaskStatus.Failed ? "Task marked as failed" : "Task failed; a retry is scheduled";

    private static async Task<Results<Ok<PageResponse<TaskResponse>>, ProblemHttpResult>> PageAsync(TaskListQuery query, bool pendingOrder, IGrainFactory grains)
    {
        if (query.Check() is { } invalid)
        {
            return invalid;
        }

        var page = await grains.GetGrain<ICatalogGrain>(0).ListTasksAsync(query.ToQuery(query.Paging.Size, query.Paging.Cursor, pendingOrder));
        return TypedResults.Ok(new PageResponse<TaskResponse>(page.Items.Select(TaskResponse.From).ToList(), page.NextCursor));
    }

    /// <summary>A bare array (ClawBot's lists) of up to <c>limit</c> tasks, streamed page by page.</summary>
    private static async Task<Results<Ok<IAsyncEnumerable<TaskResponse>>, ProblemHttpResult>> BareAsync(
        TaskListQuery query, int defaultLimit, int maxLimit, bool pendingOrder, IGrainFactory grains)
    {
        if (query.CheckBare(maxLimit) is { } invalid)
        {
            return invalid;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(0);
        var cap = query.Limit ?? defaultLimit;
        return TypedResults.Ok(await Paging.StreamAsync(
            cursor => catalog.ListTasksAsync(query.ToQuery(Math.Min(cap, Paging.MaxLimit), cursor, pendingOrder)), TaskResponse.From, cap));
    }
}
