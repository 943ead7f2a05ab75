using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Schedules;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Nodes;
using Claw.Gateway.Tasks;

namespace Claw.Gateway.Schedules;

/// <summary>A schedule on the wire (API.md "Schedules").</summary>
public sealed record ScheduleResponse(
    string Id,
    string Name,
    string? Cron,
    string TimeZone,
    int? IntervalSeconds,
    TaskTemplateResponse Task,
    OverlapPolicy OverlapPolicy,
    int CatchupWindowSeconds,
    ScheduleStatus Status,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt,
    string? LastTaskId,
    DateTimeOffset? LastScheduledFor,
    DateTimeOffset? BufferedFor,
    long FiredCount,
    long SkippedCount,
    DateTimeOffset StartAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    JsonElement? Metadata)
{
    public static ScheduleResponse From(ScheduleView s) => new(
        s.Id, s.Name, s.Cron, s.TimeZone, s.IntervalSeconds, TaskTemplateResponse.From(s.Task), s.OverlapPolicy, s.CatchupWindowSeconds,
        s.Status, s.NextRunAt, s.LastRunAt, s.LastTaskId, s.LastScheduledFor, s.BufferedFor, s.FiredCount, s.SkippedCount, s.StartAt,
        s.CreatedAt, s.UpdatedAt, ClawJson.Raw(s.MetadataJson));
}

/// <summary>The task a schedule submits, in the shape of the submit body it was given.</summary>
public sealed record TaskTemplateResponse(
    string Queue,
    string? Type,
    JsonElement? Payload,
    TaskPriority Priority,
    ImmutableArray<string> RequiredCapabilities,
    ResourcesBody Resources,
    ImmutableArray<string> Models,
    ImmutableDictionary<string, string> Labels,
    int TimeoutSeconds,
    int MaxRetries,
    RetryBackoffBody RetryBackoff,
    bool RequiresApproval,
    string? WorkflowId,
    string? SwarmId,
    DispatchMode Dispatch,
    JsonElement? Metadata)
{
    public static TaskTemplateResponse From(TaskSubmission t) => new(
        t.Queue, t.Type, ClawJson.Raw(t.PayloadJson), t.Priority, t.Requirements.Capabilities, ResourcesBody.From(t.Requirements.Resources),
        t.Requirements.Models, t.Requirements.Labels, t.TimeoutSeconds, t.MaxRetries, RetryBackoffBody.From(t.RetryBackoff), t.RequiresApproval,
        t.WorkflowId, t.SwarmId, t.Dispatch, ClawJson.Raw(t.MetadataJson));
}
