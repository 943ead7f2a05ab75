namespace Claw.Abstractions.Nodes;

/// <summary>A circuit breaker's state (Polly's names): closed lets work through, open stops it, half-open lets one trial through.</summary>
[GenerateSerializer]
public enum BreakerState
{
    Closed = 0,
    HalfOpen = 1,
    Open = 2,
}
