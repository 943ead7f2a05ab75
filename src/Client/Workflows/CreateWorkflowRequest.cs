using System.Text.Json;
using System.Text.Json.Serialization;

namespace Claw.Client.Workflows;

/// <summary>
/// The body of <c>POST /workflows</c>: ClawBot's sequential <see cref="TaskPayloads"/>, or a DAG of <see cref="Steps"/>.
/// Fields this record does not name (read from a file) travel on in <see cref="Extra"/>.
/// </summary>
public sealed record CreateWorkflowRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<JsonElement>? TaskPayloads { get; init; }
    public IReadOnlyList<WorkflowStepRequest>? Steps { get; init; }
    public JsonElement? Metadata { get; init; }
    public bool? Start { get; init; }
    public string? Queue { get; init; }
    public string? Priority { get; init; }
    public string? SwarmId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
