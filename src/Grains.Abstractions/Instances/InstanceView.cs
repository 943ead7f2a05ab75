using System.Collections.Immutable;

namespace Claw.Abstractions.Instances;

/// <summary>A managed instance as clients see it (API.md), plus where and how it runs.</summary>
[GenerateSerializer, Immutable, Alias("claw.instance-view")]
public sealed record InstanceView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] InstanceStatus Status,
    [property: Id(3)] int Port,
    [property: Id(4)] int? Pid,
    [property: Id(5)] string GatewayId,
    [property: Id(6)] string? Version,
    [property: Id(7)] int Restarts,
    [property: Id(8)] string? LastError,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] int MaxConcurrentSessions,
    [property: Id(11)] ImmutableDictionary<string, string> Labels,
    [property: Id(12)] string? SwarmId,
    [property: Id(13)] string? Silo,
    [property: Id(14)] long? MemoryBytes,
    [property: Id(15)] double? StartupSeconds,
    [property: Id(16)] string? ModelBaseUrl,
    [property: Id(17)] string? Model);

/// <summary>Whether a create made the instance or replayed an earlier one with the same idempotency key and body.</summary>
[GenerateSerializer, Immutable, Alias("claw.instance-creation")]
public sealed record InstanceCreation([property: Id(0)] InstanceView Instance, [property: Id(1)] bool Replayed);
