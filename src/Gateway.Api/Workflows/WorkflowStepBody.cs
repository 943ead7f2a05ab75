using System.Text.Json;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Nodes;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Workflows;

/// <summary>One DAG step: its name, dependencies, and the task it becomes (the fields of a task submit).</summary>
public sealed record WorkflowStepBody(
    string? Name,
    JsonElement? Payload,
    List<string>? DependsOn = null,
    string? Type = null,
    string? Queue = null,
    TaskPriority? Priority = null,
    List<string>? RequiredCapabilities = null,
    ResourcesBody? Resources = null,
    List<string>? Models = null,
    Dictionary<string, string>? Labels = null,
    int? TimeoutSeconds = null,
    int? MaxRetries = null,
    RetryBackoffBody? RetryBackoff = null,
    bool? RequiresApproval = null,
    int? ApprovalTimeoutSeconds = null,
    string? SwarmId = null,
    JsonElement? Metadata = null)
{
    public void Validate(ValidationErrors errors)
    {
        errors.Require(Name is not null && Ids.IsValid(Name), "name", "Required; " + Ids.Rule);
        Strings.Check(errors, "depends_on", DependsOn);
        AsTask().Validate(errors);
    }

    public SubmitTaskRequest AsTask() => new(
        Queue, Type, Payload, Priority, RequiredCapabilities, Resources, Models, Labels, TimeoutSeconds, MaxRetries, RetryBackoff,
        RunAt: null, RequiresApproval, WorkflowId: null, SwarmId, Dispatch: null, Metadata, ApprovalTimeoutSeconds);
}
