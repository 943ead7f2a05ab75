using Claw.Abstractions.Nodes;
using Claw.Abstractions.Queries;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Claw.Gateway.Tasks;

/// <summary><c>/api/v1/tasks</c>: submit, list, read, and the holder's reports (each passes the task grain's fencing).</summary>
public static class TasksEndpoints
{
    public static IEndpointRouteBuilder MapTasksEndpoints(this IEndpointRouteBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks").AddEndpointFilter<ValidationFilter>();
        tasks.MapPost("/", SubmitTask).WithName("SubmitTask");
        tasks.MapGet("/", ListTasks).WithName("ListTasks");
        tasks.MapGet("/pending", ListPending).WithName("ListPendingTasks");
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
        var key = Idempotency.Key(http);
        var id = key is null ? Guid.NewGuid().ToString() : Idempotency.IdFor("task", key);
        var fingerprint = key is null ? null : Idempotency.Fingerprint(http, body);
        var result = await grains.GetGrain<ITaskGrain>(id).SubmitAsync(body.ToSubmission(http.CorrelationId(), fingerprint));
        var task = TaskResponse.From(result.Task);
        if (result.Replayed)
        {
            Idempotency.MarkReplay(http);
            return TypedResults.Ok(task);
        }

        return TypedResults.Created($"/api/v1/tasks/{id}", task);
    }

    public static async Task<Results<Ok<PageResponse<TaskResponse>>, Ok<IAsyncEnumerable<TaskResponse>>, ProblemHttpResult>> ListTasks(
        [AsParameters] TaskListQuery query, IGrainFactory grains) => await ListAsync(query, pendingOrder: false, grains);

    public static async Task<Results<Ok<PageResponse<TaskResponse>>, Ok<IAsyncEnumerable<TaskResponse>>, ProblemHttpResult>> ListPending(
        [AsParameters] TaskListQuery query, IGrainFactory grains) =>
        await ListAsync(query with { Status = "pending" }, pendingOrder: true, grains);

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> GetTask(string id, IGrainFactory grains) =>
        await grains.GetGrain<ITaskGrain>(id).GetAsync() is { } task
            ? TypedResults.Ok(TaskResponse.From(task))
            : Problems.NotFound("task", id);

    public static async Task<Results<Ok<List<TaskEventResponse>>, ProblemHttpResult>> GetTimeline(string id, IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetGrain<ITaskGrain>(id).GetTimelineAsync()).Select(TaskEventResponse.From).ToList());

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> AssignTask(string id, [FromBody] AssignTaskRequest body, IGrainFactory grains)
    {
        await grains.GetGrain<INodeGrain>(body.Target!).AssignAsync(id);
        return TypedResults.Ok(TaskResponse.From((await grains.GetGrain<ITaskGrain>(id).GetAsync())!));
    }

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> StartTask(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] StartTaskRequest? body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.StartAsync(body.Proof()));

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> ReportProgress(string id, [FromBody] ProgressTaskRequest body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.ProgressAsync(body.Proof(), body.ToProgress()));

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> CompleteTask(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CompleteTaskRequest? body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.CompleteAsync(body.Proof(), body?.ResultJson));

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> FailTask(string id, [FromBody] FailTaskRequest body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.FailAsync(body.Proof(), body.Error!, body.Retriable ?? true));

    public static Task<Results<Ok<TaskResponse>, ProblemHttpResult>> CancelTask(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CancelTaskRequest? body, IGrainFactory grains) =>
        OnTask(id, grains, task => task.CancelAsync(body?.Reason));

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

    private static async Task<Results<Ok<PageResponse<TaskResponse>>, Ok<IAsyncEnumerable<TaskResponse>>, ProblemHttpResult>> ListAsync(TaskListQuery query, bool pendingOrder, IGrainFactory grains)
    {
        if (query.Check() is { } invalid)
        {
            return invalid;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(0);
        if (query.Paging.Requested)
        {
            var page = await catalog.ListTasksAsync(query.ToQuery(query.Paging.Size, query.Paging.Cursor, pendingOrder));
            return TypedResults.Ok(new PageResponse<TaskResponse>(page.Items.Select(TaskResponse.From).ToList(), page.NextCursor));
        }

        // ClawBot clients ask without paging and expect a bare array.
        return TypedResults.Ok(await Paging.StreamAsync(cursor => catalog.ListTasksAsync(query.ToQuery(Paging.MaxLimit, cursor, pendingOrder)), TaskResponse.From));
    }
}
