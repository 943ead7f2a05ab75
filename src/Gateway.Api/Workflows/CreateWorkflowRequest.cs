using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Workflows;

/// <summary>
/// Body of <c>POST /workflows</c>: the ClawBot form (<c>task_payloads</c>, run one after another) or the DAG form
/// (<c>steps</c> with <c>depends_on</c>). <c>queue</c>, <c>priority</c> and <c>swarm_id</c> are defaults for every step.
/// </summary>
public sealed record CreateWorkflowRequest(
    string? Name,
    string? Description,
    List<JsonElement>? TaskPayloads,
    List<WorkflowStepBody?>? Steps,
    JsonElement? Metadata,
    bool? Start,
    string? Queue,
    TaskPriority? Priority,
    string? SwarmId) : IValidatable
{
    public const int MaxSteps = 200;

    /// <summary>The ClawBot Coordinator's bound on a workflow's name.</summary>
    public const int MaxNameLength = 255;

    public void Validate(ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= MaxNameLength, "name", $"Required, 1–{MaxNameLength} characters, not only spaces.")
            .Require(Description is null || Description.Length <= 10_000, "description", "At most 10000 characters.")
            .Require(TaskPayloads is null || Steps is null, "steps", "Give either task_payloads (sequential) or steps (a DAG), not both.")
            .Require((TaskPayloads?.Count ?? Steps?.Count ?? 0) <= MaxSteps, TaskPayloads is null ? "steps" : "task_payloads", $"At most {MaxSteps} entries.")
            .Json("metadata", Metadata)
            .Require(Queue is null || Queues.IsValid(Queue), "queue", Queues.Rule)
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule);
        for (var i = 0; i < (TaskPayloads?.Count ?? 0); i++)
        {
            errors.Require(TaskPayloads![i].ValueKind == JsonValueKind.Object, $"task_payloads[{i}]", "Must be a JSON object.")
                .Json($"task_payloads[{i}]", TaskPayloads[i]);
        }

        for (var i = 0; i < (Steps?.Count ?? 0); i++)
        {
            if (Steps![i] is { } step)
            {
                step.Validate(errors.Under($"steps[{i}]."));
            }
            else
            {
                errors.Add($"steps[{i}]", "A step body."); // JSON null
            }
        }

        if (errors.IsEmpty && Steps is not null)
        {
            foreach (var (field, message) in WorkflowGraph.Problems(ToSteps("validation")))
            {
                errors.Add(field, message);
            }
        }
    }

    public WorkflowDefinition ToDefinition(string correlationId, string? fingerprint) => new(
        Name!,
        Description,
        ToSteps(correlationId),
        Sequential: Steps is null,
        Start ?? false,
        Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : null,
        correlationId,
        fingerprint);

    /// <summary>
    /// The ClawBot form becomes a chain: step-1 → step-2 → …, each payload handed over unchanged. Neither form (or an
    /// empty one) is a workflow without steps, as ClawBot allows.
    /// </summary>
    private ImmutableArray<WorkflowStep> ToSteps(string correlationId) => Steps is null ? ChainOf(TaskPayloads ?? [], correlationId) : GraphOf([.. Steps.OfType<WorkflowStepBody>()], correlationId);

    private ImmutableArray<WorkflowStep> ChainOf(List<JsonElement> payloads, string correlationId) => payloads
        .Select((payload, i) => new WorkflowStep(
            $"step-{i + 1}",
            i == 0 ? [] : [$"step-{i}"],
            Defaults(new WorkflowStepBody(null, payload)).ToSubmission(correlationId, null)))
        .ToImmutableArray();

    private ImmutableArray<WorkflowStep> GraphOf(List<WorkflowStepBody> steps, string correlationId) => steps
        .Select(step => new WorkflowStep(
            step.Name!,
            step.DependsOn?.Distinct(StringComparer.Ordinal).ToImmutableArray() ?? [],
            Defaults(step).ToSubmission(correlationId, null)))
        .ToImmutableArray();

    private SubmitTaskRequest Defaults(WorkflowStepBody step) => step.AsTask() with
    {
        Queue = step.Queue ?? Queue,
        Priority = step.Priority ?? Priority,
        SwarmId = step.SwarmId ?? SwarmId,
    };
}
