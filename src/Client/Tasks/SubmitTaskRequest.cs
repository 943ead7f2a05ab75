using System.Text.Json;

namespace Claw.Client.Tasks;

/// <summary>The body of <c>POST /tasks</c>; every field is optional (the server fills in its defaults).</summary>
public sealed record SubmitTaskRequest
{
    public string? Queue { get; init; }
    public string? Type { get; init; }
    public JsonElement? Payload { get; init; }

    /// <summary><c>low</c>, <c>normal</c>, <c>high</c> or <c>critical</c>.</summary>
    public string? Priority { get; init; }
    public IReadOnlyList<string>? RequiredCapabilities { get; init; }
    public Resources? Resources { get; init; }
    public IReadOnlyList<string>? Models { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? MaxRetries { get; init; }
    public RetryBackoff? RetryBackoff { get; init; }
    public DateTimeOffset? RunAt { get; init; }
    public bool? RequiresApproval { get; init; }
    public int? ApprovalTimeoutSeconds { get; init; }
    public string? WorkflowId { get; init; }
    public string? SwarmId { get; init; }

    /// <summary><c>auto</c> (dispatched to a node) or <c>manual</c> (waits for <c>assign</c>).</summary>
    public string? Dispatch { get; init; }
    public JsonElement? Metadata { get; init; }
    public string? CallbackUrl { get; init; }
    public string? CallbackSecret { get; init; }
    public IReadOnlyList<string>? NonRetriableCodes { get; init; }

    /// <summary>Keys this task in a batch (<see cref="TasksClient.SubmitBatchAsync"/>): the same key and body answer the stored task.</summary>
    public string? IdempotencyKey { get; init; }
}
