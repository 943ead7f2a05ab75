namespace Claw.Client.Workflows;

/// <summary>One step of a workflow as it runs.</summary>
public sealed record WorkflowStep(
    string Name, int Order, string TaskId, IReadOnlyList<string> DependsOn, string Status, int Attempt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long? DurationMs, string? Error);
