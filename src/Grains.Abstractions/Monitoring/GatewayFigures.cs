namespace Claw.Abstractions.Monitoring;

/// <summary>What only the gateway that asks knows: its WebSocket sessions and how full the fullest send buffer is (0..1).</summary>
[GenerateSerializer, Immutable, Alias("claw.gateway-figures")]
public sealed record GatewayFigures(
    [property: Id(0)] int Sessions,
    [property: Id(1)] double FullestBuffer);
