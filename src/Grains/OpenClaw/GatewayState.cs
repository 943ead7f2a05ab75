using System.Collections.Immutable;
using Claw.Abstractions.OpenClaw;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// A gateway's durable record (Orleans' ADO.NET grain storage, whose JSON needs plain mutable members): its
/// registration, the token it is connected with (kept here only to connect; never in a view or a log), whether it is
/// paused, and a lasting refusal (<c>error</c>). The live figures (status, sessions, server version) are the
/// connection's and live in memory.
/// </summary>
[GenerateSerializer]
public sealed class GatewayState
{
    [Id(0)] public string? Name { get; set; }

    [Id(1)] public string Url { get; set; } = "";

    [Id(2)] public string Token { get; set; } = "";

    [Id(3)] public string AgentId { get; set; } = "main";

    [Id(4)] public int MaxConcurrentSessions { get; set; }

    [Id(5)] public List<string> Capabilities { get; set; } = [];

    [Id(6)] public Dictionary<string, string> Labels { get; set; } = [];

    [Id(7)] public string? SwarmId { get; set; }

    [Id(8)] public string? InstanceId { get; set; }

    [Id(9)] public string? IdempotencyFingerprint { get; set; }

    [Id(10)] public List<string> Queues { get; set; } = [];

    [Id(11)] public DateTimeOffset CreatedAt { get; set; }

    [Id(12)] public bool Paused { get; set; }

    /// <summary>Why the gateway refused the connection for good; cleared by registering it again.</summary>
    [Id(13)] public string? Error { get; set; }

    [Id(14)] public DateTimeOffset? ErrorAt { get; set; }

    public bool IsRegistered => Name is not null;

    public void Apply(GatewaySpec spec)
    {
        Name = spec.Name;
        Url = spec.Url;
        Token = spec.Token;
        AgentId = spec.AgentId;
        MaxConcurrentSessions = spec.MaxConcurrentSessions;
        Capabilities = [.. spec.Capabilities];
        Labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal);
        SwarmId = spec.SwarmId;
        InstanceId = spec.InstanceId;
        IdempotencyFingerprint = spec.IdempotencyFingerprint;
        Queues = spec.Queues.IsDefaultOrEmpty ? ["default"] : [.. spec.Queues];
    }

    public ImmutableArray<string> AllCapabilities => [OpenClawNames.AgentCapability, .. Capabilities.Where(c => c != OpenClawNames.AgentCapability)];
}
