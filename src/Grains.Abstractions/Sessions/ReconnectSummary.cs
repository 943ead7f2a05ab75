namespace Claw.Abstractions.Sessions;

/// <summary>What <c>reconnect_ack</c> reports: assignments delivered again, leases lost while away.</summary>
[GenerateSerializer, Immutable, Alias("claw.reconnect-summary")]
public sealed record ReconnectSummary(
    [property: Id(0)] int QueuedCount,
    [property: Id(1)] int ExpiredCount,
    [property: Id(2)] DateTimeOffset? OldestQueuedAt);
