using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>The persisted registration and liveness transitions of a node (single beats are not persisted).</summary>
[GenerateSerializer]
public sealed class NodeState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public List<string> Capabilities { get; set; } = [];
    [Id(2)] public NodeResources Resources { get; set; } = NodeResources.None;
    [Id(3)] public List<string> Models { get; set; } = [];
    [Id(4)] public Dictionary<string, string> Labels { get; set; } = [];
    [Id(5)] public string? PublicKey { get; set; }
    [Id(6)] public int MaxConcurrentTasks { get; set; } = 1;
    [Id(7)] public string? SwarmId { get; set; }
    [Id(8)] public string? MetadataJson { get; set; }
    [Id(9)] public NodeStatus Status { get; set; }
    [Id(10)] public DateTimeOffset CreatedAt { get; set; }
    [Id(11)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(12)] public DateTimeOffset? LastHeartbeatAt { get; set; }
    [Id(13)] public long CompletedCount { get; set; }
    [Id(14)] public long FailedCount { get; set; }
    [Id(15)] public bool ManualBusy { get; set; }
    [Id(16)] public string? IdempotencyKey { get; set; }
    [Id(17)] public string? IdempotencyFingerprint { get; set; }
    [Id(18)] public string? Kind { get; set; }

    /// <summary>The grant of the capability token the node last presented (null: none, dispatch is not limited by one).</summary>
    [Id(19)] public Abstractions.Identity.CapabilityGrant? Grant { get; set; }

    /// <summary>The node's slots: as it declared them, never more than its capability token allows.</summary>
    public int SlotLimit => Identity.CapabilityRule.SlotLimit(MaxConcurrentTasks, Grant);

    /// <summary>The node's circuit breakers by scope (<see cref="NodeProfile.AllTypes"/>, or a task type): <see cref="BreakerLedger"/>.</summary>
    [Id(20)] public Dictionary<string, BreakerRecord> Breakers { get; set; } = new(StringComparer.Ordinal);

    [NonSerialized]
    private readonly Events.EventOutbox _outbox = new();

    /// <summary>Breaker events not yet written; they go into the events table with the next write of this state.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Events.EventOutbox Outbox => _outbox;

    public bool IsRegistered => CreatedAt != default;

    /// <summary>Counts a task the node ended itself.</summary>
    public void CountEnded(bool completed)
    {
        if (completed)
        {
            CompletedCount++;
        }
        else
        {
            FailedCount++;
        }
    }
}
