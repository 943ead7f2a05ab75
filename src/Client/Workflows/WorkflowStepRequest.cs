using System.Text.Json;
using System.Text.Json.Serialization;

namespace Claw.Client.Workflows;

/// <summary>A step of a DAG workflow: every submit field but <c>run_at</c>, <c>workflow_id</c> and <c>dispatch</c> may be given (in <see cref="Extra"/>).</summary>
public sealed record WorkflowStepRequest
{
    public required string Name { get; init; }
    public JsonElement? Payload { get; init; }
    public IReadOnlyList<string>? DependsOn { get; init; }
    public string? Type { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
