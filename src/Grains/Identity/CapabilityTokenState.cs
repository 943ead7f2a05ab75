namespace Claw.Grains.Identity;

/// <summary>One issued capability token: its grant, when it was issued, and how it ended (revoked, or cut short by rotation).</summary>
[GenerateSerializer]
public sealed class CapabilityTokenState
{
    [Id(0)] public string NodeId { get; set; } = "";
    [Id(1)] public List<string> Capabilities { get; set; } = [];
    [Id(2)] public List<string> DataScope { get; set; } = [];
    [Id(3)] public int? MaxConcurrentTasks { get; set; }
    [Id(4)] public int? MaxGpuMinutes { get; set; }
    [Id(5)] public DateTimeOffset IssuedAt { get; set; }

    /// <summary>The expiry written in the token.</summary>
    [Id(6)] public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When a rotation's grace ends (null: not rotated); the token is valid until the earlier of this and its expiry.</summary>
    [Id(7)] public DateTimeOffset? GraceUntil { get; set; }
    [Id(8)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(9)] public string? ParentJti { get; set; }

    public bool IsIssued => IssuedAt != default;

    public DateTimeOffset ValidUntil => GraceUntil is { } grace && grace < ExpiresAt ? grace : ExpiresAt;
}
