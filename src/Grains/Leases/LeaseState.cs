using Claw.Abstractions.Tasks;

namespace Claw.Grains.Leases;

/// <summary>The persisted lease: who holds which attempt until when.</summary>
[GenerateSerializer]
public sealed class LeaseState
{
    [Id(0)] public string TaskId { get; set; } = "";
    [Id(1)] public string NodeId { get; set; } = "";
    [Id(2)] public string Token { get; set; } = "";
    [Id(3)] public int Attempt { get; set; }
    [Id(4)] public long Fence { get; set; }
    [Id(5)] public string Queue { get; set; } = "";
    [Id(6)] public int TimeoutSeconds { get; set; }
    [Id(7)] public LeaseStatus Status { get; set; }
    [Id(8)] public DateTimeOffset IssuedAt { get; set; }
    [Id(9)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(10)] public int Renewals { get; set; }
    [Id(11)] public string? EndReason { get; set; }

    public bool Exists => IssuedAt != default;
}
