namespace Claw.Grains.Identity;

/// <summary>The cluster's Ed25519 key for capability tokens: its 32-byte private seed (base64url) and its id.</summary>
[GenerateSerializer]
public sealed class ClusterKeyState
{
    [Id(0)] public string? Seed { get; set; }
    [Id(1)] public string? Kid { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
}
