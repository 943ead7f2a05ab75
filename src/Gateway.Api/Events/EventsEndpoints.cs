using System.Globalization;
using Claw.Abstractions.Events;
using Claw.Gateway.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Events;

/// <summary><c>GET /api/v1/events</c>: the cluster-wide timeline as Server-Sent Events, resumable with <c>Last-Event-ID</c>.</summary>
public static class EventsEndpoints
{
    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/events", StreamEvents).WithName("StreamEvents").WithTags("Operations")
            .Produces<EventResponse>(StatusCodes.Status200OK, "text/event-stream")
            .WithDescription("Server-Sent Events of state changes (task.*, workflow.*, node.*, swarm.*, instance.*), filtered like /swarm/timeline. "
                + "Each event's id is its place in the timeline: reconnect with Last-Event-ID (or ?last_event_id=) to resume after it.");
        return api;
    }

    public static async Task<IResult> StreamEvents(
        [AsParameters] EventFilterQuery query,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        [FromQuery(Name = "last_event_id")] string? lastEventIdQuery,
        EventFeed feed,
        IGrainFactory grains,
        IOptions<EventStreamOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        TimeProvider time,
        HttpContext http)
    {
        var (filter, problem) = query.Check();
        if (problem is not null)
        {
            return problem;
        }

        long? resume = null;
        if ((lastEventId ?? lastEventIdQuery) is { } text)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return Problems.Invalid("last_event_id", "The id of an event this stream sent (a whole number).");
            }

            resume = seq;
        }

        var aborted = http.RequestAborted;
        var log = grains.GetGrain<IEventLogGrain>(0);
        try
        {
            using var listening = await feed.ListenAsync(aborted);
            var cursor = resume ?? (filter!.Since is { } since ? await log.StartAfterAsync(since) : feed.Settled);
            await new EventStream(http.Response, log, feed, filter!, json.Value.SerializerOptions, time)
                .RunAsync(cursor, TimeSpan.FromSeconds(Math.Max(1, options.Value.HeartbeatSeconds)), aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }

        return Results.Empty;
    }
}
