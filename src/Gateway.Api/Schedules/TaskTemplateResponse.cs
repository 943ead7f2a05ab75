using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Nodes;
using Claw.Gateway.Tasks;

namespace Claw.Gateway.Schedules;

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
