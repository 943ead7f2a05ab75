using System.Collections.Immutable;
using Claw.Abstractions.Instances;
using Claw.Abstractions.OpenClaw;

namespace Claw.Grains.Instances;

/// <summary>What an instance's record shows outside: its view, and the gateway registration its process serves.</summary>
public static class InstanceMapping
{
    /// <summary>The gateway listens on loopback, beside the grain that holds its connection.</summary>
    public static Uri GatewayUrl(this InstanceState instance) => new($"ws://127.0.0.1:{instance.Port}");

    public static GatewaySpec ToGatewaySpec(this InstanceState instance, string instanceId) => new(
        instance.Name!,
        instance.GatewayUrl().ToString(),
        instance.Token,
        "main",
        instance.MaxConcurrentSessions,
        [],
        instance.Labels.ToImmutableDictionary(),
        instance.SwarmId,
        instanceId);

    /// <summary>The view, with what only the supervisor on this silo knows: the process id and its memory.</summary>
    public static InstanceView ToView(this InstanceState instance, string instanceId, int? pid, long? memoryBytes) => new(
        instanceId,
        instance.Name!,
        instance.Status,
        instance.Port,
        pid,
        instanceId,
        instance.Version,
        instance.Restarts,
        instance.LastError,
        instance.CreatedAt,
        instance.MaxConcurrentSessions,
        instance.Labels.ToImmutableDictionary(),
        instance.SwarmId,
        instance.Status is InstanceStatus.Destroyed or InstanceStatus.Stopped ? null : instance.Silo,
        memoryBytes,
        instance.StartupSeconds,
        instance.ModelBaseUrl,
        instance.Model);
}
