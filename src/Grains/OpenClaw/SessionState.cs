namespace Claw.Grains.OpenClaw;

/// <summary>Which gateway holds a session's conversation.</summary>
[GenerateSerializer]
public sealed class SessionState
{
    [Id(0)] public string? GatewayId { get; set; }

    [Id(1)] public DateTimeOffset BoundAt { get; set; }

    [Id(2)] public int Moves { get; set; }
}
