using System.Text.Json.Serialization;
using Claw.Abstractions.Tasks;
using Claw.Grains.Events;

namespace Claw.Grains.Tasks;

/// <summary>The persisted task: its spec, its state machine, its current lease (the task is its only keeper), and its timeline.</summary>
[GenerateSerializer]
public sealed class TaskState
{
    [Id(0)] public string Queue { get; set; } = TaskDefaults.Queue;
    [Id(1)] public string? Type { get; set; }
    [Id(2)] public string? PayloadJson { get; set; }
    [Id(3)] public TaskPriority Priority { get; set; } = TaskDefaults.Priority;
    [Id(4)] public ClawTaskStatus Status { get; set; }
    [Id(5)] public int Attempt { get; set; } = 1;
    [Id(6)] public int MaxRetries { get; set; } = TaskDefaults.MaxRetries;
    [Id(7)] public int RetriesUsed { get; set; }
    [Id(8)] public int CrashRequeues { get; set; }
    [Id(9)] public TaskRequirements Requirements { get; set; } = TaskRequirements.None;
    [Id(10)] public int TimeoutSeconds { get; set; } = TaskDefaults.TimeoutSeconds;
    [Id(11)] public RetryBackoff RetryBackoff { get; set; } = RetryBackoff.Default;
    [Id(12)] public DateTimeOffset AvailableAt { get; set; }
    [Id(13)] public DateTimeOffset CreatedAt { get; set; }
    [Id(14)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(15)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(16)] public string? WorkflowId { get; set; }
    [Id(17)] public string? SwarmId { get; set; }
    [Id(18)] public DispatchMode Dispatch { get; set; }
    [Id(19)] public string? MetadataJson { get; set; }
    [Id(20)] public string CorrelationId { get; set; } = "";
    [Id(21)] public string? IdempotencyFingerprint { get; set; }
    [Id(22)] public string? NodeId { get; set; }
    [Id(23)] public string? LeaseId { get; set; }
    [Id(24)] public string? LeaseToken { get; set; }
    [Id(25)] public long Fence { get; set; }
    [Id(26)] public DateTimeOffset? LeaseExpiresAt { get; set; }
    [Id(27)] public TaskProgress? Progress { get; set; }
    [Id(28)] public string? ResultJson { get; set; }
    [Id(29)] public string? Error { get; set; }
    [Id(30)] public List<TaskEvent> Timeline { get; set; } = [];
    [Id(31)] public LeaseStatus? LeaseEndedAs { get; set; }
    [Id(32)] public DateTimeOffset? ApprovalExpiresAt { get; set; }
    [Id(33)] public DateTimeOffset? StartedAt { get; set; }
    [Id(34)] public DateTimeOffset? AssignedAt { get; set; }
    [Id(35)] public bool RequiresApproval { get; set; }
    [Id(36)] public int? ApprovalTimeoutSeconds { get; set; }
    [Id(37)] public string? ErrorCode { get; set; }
    [Id(38)] public TaskCallback? Callback { get; set; }
    [Id(39)] public List<string> NonRetriableCodes { get; set; } = [];

    /// <summary>When a task still waiting to run ends <c>expired</c> (its TTL, or its queue's default); none: it waits for ever.</summary>
    [Id(40)] public DateTimeOffset? ExpiresAt { get; set; }
    [Id(41)] public string? ConcurrencyKey { get; set; }
    [Id(42)] public int? ConcurrencyLimit { get; set; }

    /// <summary>The queue's <c>max_concurrent</c> when the task was admitted: the queue's lane it takes a slot in.</summary>
    [Id(43)] public int? QueueMaxConcurrent { get; set; }

    /// <summary>
    /// The holder had no <c>public_key</c> when its lease was issued, so its unsigned results need no check. Stored
    /// false by default: a task from before this field asks the node's identity, as every result once did.
    /// </summary>
    [Id(44)] public bool HolderKeyless { get; set; }

    /// <summary>How often the holder renewed the current (or last) lease.</summary>
    [Id(45)] public int LeaseRenewals { get; set; }

    [NonSerialized]
    private readonly EventOutbox _outbox = new();

    /// <summary>Timeline events not yet written; they go into the events table with the next write of this state.</summary>
    [JsonIgnore]
    public EventOutbox Outbox => _outbox;

    public bool Exists => CreatedAt != default;

    /// <summary>True while a lease is out (assigned or running).</summary>
    public bool IsLeased => Status is ClawTaskStatus.Assigned or ClawTaskStatus.InProgress;

    /// <summary>True while the task belongs in the dispatch index: pending, and handed out by polls and pushes.</summary>
    public bool IsDispatchable => Status == ClawTaskStatus.Pending && Dispatch == DispatchMode.Auto;
}
