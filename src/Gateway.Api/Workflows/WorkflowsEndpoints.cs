using Claw.Abstractions.Queries;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Gateway.Http;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Claw.Gateway.Workflows;

/// <summary><c>/api/v1/workflows</c>: create (ClawBot sequential or DAG form), read with the step trace, start, cancel, delete.</summary>
public static class WorkflowsEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowsEndpoints(this IEndpointRouteBuilder api)
    {
        var workflows = api.MapGroup("/workflows").WithTags("Workflows").AddEndpointFilter<ValidationFilter>();
        workflows.MapPost("/", CreateWorkflow).WithName("CreateWorkflow");
        workflows.MapGet("/", ListWorkflows).WithName("ListWorkflows");
        workflows.MapGet("/{id}", GetWorkflow).WithName("GetWorkflow");
        workflows.MapGet("/{id}/tasks", GetWorkflowTasks).WithName("GetWorkflowTasks");
        workflows.MapPost("/{id}/start", (string id, IGrainFactory grains) => OnWorkflow(id, grains, w => w.StartAsync())).WithName("StartWorkflow");
        workflows.MapPost("/{id}/cancel", CancelWorkflow).WithName("CancelWorkflow");
        workflows.MapDelete("/{id}", DeleteWorkflow).WithName("DeleteWorkflow");
        return api;
    }

    public static async Task<Results<Created<WorkflowResponse>, Ok<WorkflowResponse>>> CreateWorkflow(
        [FromBody] CreateWorkflowRequest body, IGrainFactory grains, HttpContext http)
    {
        var key = Idempotency.Key(http);
        var id = key is null ? Guid.NewGuid().ToString() : Idempotency.IdFor("workflow", key);
        var fingerprint = key is null ? null : Idempotency.Fingerprint(http, body);
        var result = await grains.GetGrain<IWorkflowGrain>(id).CreateAsync(body.ToDefinition(http.CorrelationId(), fingerprint));
        var workflow = WorkflowResponse.From(result.Workflow);
        if (result.Replayed)
        {
            Idempotency.MarkReplay(http);
            return TypedResults.Ok(workflow);
        }

        return TypedResults.Created($"/api/v1/workflows/{id}", workflow);
    }

    public static async Task<Results<Ok<PageResponse<WorkflowResponse>>, Ok<IAsyncEnumerable<WorkflowResponse>>, ProblemHttpResult>> ListWorkflows(
        [AsParameters] StatusListQuery query, IGrainFactory grains)
    {
        if (query.Check(Enum.GetValues<WorkflowStatus>().Select(s => s.Wire())) is { } invalid)
        {
            return invalid;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(0);
        if (query.Paging.Requested)
        {
            var page = await catalog.ListWorkflowsAsync(query.ToQuery(query.Paging.Size, query.Paging.Cursor));
            return TypedResults.Ok(new PageResponse<WorkflowResponse>(page.Items.Select(WorkflowResponse.From).ToList(), page.NextCursor));
        }

        return TypedResults.Ok(await Paging.StreamAsync(cursor => catalog.ListWorkflowsAsync(query.ToQuery(Paging.MaxLimit, cursor)), WorkflowResponse.From));
    }

    public static async Task<Results<Ok<WorkflowResponse>, ProblemHttpResult>> GetWorkflow(string id, IGrainFactory grains) =>
        await grains.GetGrain<IWorkflowGrain>(id).GetAsync() is { } workflow
            ? TypedResults.Ok(WorkflowResponse.From(workflow))
            : Problems.NotFound("workflow", id);

    public static async Task<Results<Ok<WorkflowTasksResponse>, ProblemHttpResult>> GetWorkflowTasks(string id, IGrainFactory grains)
    {
        var grain = grains.GetGrain<IWorkflowGrain>(id);
        if (await grain.GetAsync() is not { } workflow)
        {
            return Problems.NotFound("workflow", id);
        }

        var tasks = await Task.WhenAll((await grain.GetTaskIdsAsync()).Select(taskId => grains.GetGrain<ITaskGrain>(taskId).GetAsync()));
        return TypedResults.Ok(new WorkflowTasksResponse(WorkflowResponse.From(workflow), tasks.OfType<TaskView>().Select(TaskResponse.From).ToList()));
    }

    public static Task<Results<Ok<WorkflowResponse>, ProblemHttpResult>> CancelWorkflow(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CancelTaskRequest? body, IGrainFactory grains) =>
        OnWorkflow(id, grains, w => w.CancelAsync(body?.Reason));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWorkflow(string id, IGrainFactory grains)
    {
        await grains.GetGrain<IWorkflowGrain>(id).DeleteAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WorkflowResponse>, ProblemHttpResult>> OnWorkflow(string id, IGrainFactory grains, Func<IWorkflowGrain, Task<WorkflowView>> action) =>
        TypedResults.Ok(WorkflowResponse.From(await action(grains.GetGrain<IWorkflowGrain>(id))));
}
