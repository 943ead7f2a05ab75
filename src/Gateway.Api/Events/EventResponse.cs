using System.Text.Json;
using Claw.Abstractions.Events;
using Claw.Gateway.Http;

namespace Claw.Gateway.Events;

/// <summary>One event of the cluster-wide timeline on the wire; <c>id</c> orders events and is the SSE event id.</summary>
public sealed record EventResponse(
    long Id,
    string Type,
    DateTimeOffset At,
    string? TaskId,
    string? NodeId,
    string? WorkflowId,
    string? SwarmId,
    string? Queue,
    int? Attempt,
    string? CorrelationId,
    string? Detail,
    JsonElement? Data)
{
    public static EventResponse From(ClawEventView e) =>
        new(e.Seq, e.Type, e.At, e.TaskId, e.NodeId, e.WorkflowId, e.SwarmId, e.Queue, e.Attempt, e.CorrelationId, e.Detail, ClawJson.Raw(e.DataJson));
}
