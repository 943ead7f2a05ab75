using System.Collections.Immutable;

namespace Claw.Abstractions.Sessions;

/// <summary>One live WebSocket session of a node, as <c>GET /ws/connections</c> lists it.</summary>
[GenerateSerializer, Immutable, Alias("claw.session-info")]
public sealed record SessionInfo(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] DateTimeOffset ConnectedAt,
    [property: Id(3)] string Gateway,
    [property: Id(4)] ImmutableArray<string> Queues,
    [property: Id(5)] TimeSpan KeepAlive);

/// <summary>A frame the node grain asks the session to send about one task.</summary>
[GenerateSerializer, Immutable, Alias("claw.session-notice")]
public sealed record SessionNotice(
    [property: Id(0)] string Type,
    [property: Id(1)] string TaskId,
    [property: Id(2)] string? LeaseId,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string? CorrelationId)
{
    public const string LeaseRevoked = "lease_revoked";
    public const string TaskCancelled = "task_cancelled";
}

/// <summary>Whether the node grain still counts a session as its own.</summary>
[GenerateSerializer]
public enum SessionStanding
{
    /// <summary>The session is the node's current one.</summary>
    Attached,

    /// <summary>The node grain does not know it (it was reactivated elsewhere): attach again.</summary>
    Unknown,

    /// <summary>A newer session replaced it: close.</summary>
    Replaced,
}

/// <summary>What <c>reconnect_ack</c> reports: assignments delivered again, leases lost while away.</summary>
[GenerateSerializer, Immutable, Alias("claw.reconnect-summary")]
public sealed record ReconnectSummary(
    [property: Id(0)] int QueuedCount,
    [property: Id(1)] int ExpiredCount,
    [property: Id(2)] DateTimeOffset? OldestQueuedAt);
