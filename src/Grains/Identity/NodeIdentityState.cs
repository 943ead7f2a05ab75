namespace Claw.Grains.Identity;

/// <summary>The nonces a node signed results with, by nonce, each with its <c>ts</c> (Unix seconds); trimmed as they age out.</summary>
[GenerateSerializer]
public sealed class NodeIdentityState
{
    [Id(0)] public Dictionary<string, long> Nonces { get; set; } = new(StringComparer.Ordinal);
}
