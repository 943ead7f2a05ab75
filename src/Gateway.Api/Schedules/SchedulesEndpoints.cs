using Claw.Abstractions.Queries;
using Claw.Abstractions.Schedules;
using Claw.Gateway.Http;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Claw.Gateway.Schedules;

/// <summary><c>/api/v1/schedules</c>: create, list, read, pause, resume, trigger, delete.</summary>
public static class SchedulesEndpoints
{
    public static IEndpointRouteBuilder MapSchedulesEndpoints(this IEndpointRouteBuilder api)
    {
        var schedules = api.MapGroup("/schedules").WithTags("Schedules").AddEndpointFilter<ValidationFilter>();
        schedules.MapPost("/", CreateSchedule).WithName("CreateSchedule");
        schedules.MapGet("/", ListSchedules).WithName("ListSchedules");
        schedules.MapGet("/{id}", GetSchedule).WithName("GetSchedule");
        schedules.MapPost("/{id}/pause", (string id, IGrainFactory grains) => OnSchedule(id, grains, s => s.PauseAsync())).WithName("PauseSchedule");
        schedules.MapPost("/{id}/resume", (string id, IGrainFactory grains) => OnSchedule(id, grains, s => s.ResumeAsync())).WithName("ResumeSchedule");
        schedules.MapPost("/{id}/trigger", TriggerSchedule).WithName("TriggerSchedule");
        schedules.MapDelete("/{id}", DeleteSchedule).WithName("DeleteSchedule");
        return api;
    }

    public static async Task<Results<Created<ScheduleResponse>, Ok<ScheduleResponse>>> CreateSchedule([FromBody] CreateScheduleRequest body, IGrainFactory grains, HttpContext http)
    {
        var key = Idempotency.Key(http);
        var id = body.Id ?? (key is null ? Guid.NewGuid().ToString() : Idempotency.IdFor("schedule", key));
        // A client's own id is idempotent like a key: the same body again is a replay, another body a conflict.
        var fingerprint = key is null && body.Id is null ? null : Idempotency.Fingerprint(http, body);
        var result = await grains.GetGrain<IScheduleGrain>(id).CreateAsync(body.ToDefinition(http.CorrelationId(), fingerprint));
        var schedule = ScheduleResponse.From(result.Schedule);
        if (result.Replayed)
        {
            Idempotency.MarkReplay(http);
            return TypedResults.Ok(schedule);
        }

        return TypedResults.Created($"/api/v1/schedules/{Uri.EscapeDataString(id)}", schedule);
    }

    public static async Task<Results<Ok<PageResponse<ScheduleResponse>>, Ok<IAsyncEnumerable<ScheduleResponse>>, ProblemHttpResult>> ListSchedules(
        [AsParameters] ScheduleListQuery query, IGrainFactory grains)
    {
        if (query.Check() is { } invalid)
        {
            return invalid;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(0);
        if (query.Paging.Requested)
        {
            var page = await catalog.ListSchedulesAsync(query.ToQuery(query.Paging.Size, query.Paging.Cursor));
            return TypedResults.Ok(new PageResponse<ScheduleResponse>(page.Items.Select(ScheduleResponse.From).ToList(), page.NextCursor));
        }

        // Without paging a bare array, as the ClawBot-style task list answers.
        return TypedResults.Ok(await Paging.StreamAsync(cursor => catalog.ListSchedulesAsync(query.ToQuery(Paging.MaxLimit, cursor)), ScheduleResponse.From));
    }

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetSchedule(string id, IGrainFactory grains) =>
        await grains.GetGrain<IScheduleGrain>(id).GetAsync() is { } schedule
            ? TypedResults.Ok(ScheduleResponse.From(schedule))
            : Problems.NotFound("schedule", id);

    public static async Task<Results<Created<TaskResponse>, Ok<TaskResponse>, ProblemHttpResult>> TriggerSchedule(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TriggerScheduleRequest? body, IGrainFactory grains, HttpContext http)
    {
        var result = await grains.GetGrain<IScheduleGrain>(id).TriggerAsync(body?.ScheduledFor);
        var task = TaskResponse.From(result.Task);
        if (result.Replayed)
        {
            Idempotency.MarkReplay(http);
            return TypedResults.Ok(task);
        }

        return TypedResults.Created($"/api/v1/tasks/{task.Id}", task);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSchedule(string id, IGrainFactory grains)
    {
        await grains.GetGrain<IScheduleGrain>(id).DeleteAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> OnSchedule(string id, IGrainFactory grains, Func<IScheduleGrain, Task<ScheduleView>> action) =>
        TypedResults.Ok(ScheduleResponse.From(await action(grains.GetGrain<IScheduleGrain>(id))));
}
