using Claw.Abstractions.OpenClaw;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// A gateway's durable record (Orleans' ADO.NET grain storage): its registration, the token it is connected with (kept
/// here only to connect; never in a view or a log), whether it is paused, and a lasting refusal (<c>error</c>).
/// The live figures (status, sessions, server version) are the connection's and live in memory.
/// </summary>
[GenerateSerializer]
public sealed class GatewayState
{
    [Id(0)] public GatewaySpec? Spec { get; set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }

    [Id(2)] public bool Paused { get; set; }

    /// <summary>Why the gateway refused the connection for good; cleared by registering it again.</summary>
    [Id(3)] public string? Error { get; set; }

    [Id(4)] public DateTimeOffset? ErrorAt { get; set; }

    public bool IsRegistered => Spec is not null;
}
