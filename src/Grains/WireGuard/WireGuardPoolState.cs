namespace Claw.Grains.WireGuard;

/// <summary>Every allocation of the pool, by node id (Orleans' ADO.NET grain storage, with its version check).</summary>
[GenerateSerializer]
public sealed class WireGuardPoolState
{
    [Id(0)] public Dictionary<string, PeerRecord> Peers { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer]
public sealed class PeerRecord
{
    [Id(0)] public string Address { get; set; } = "";

    [Id(1)] public string PublicKey { get; set; } = "";

    [Id(2)] public DateTimeOffset AllocatedAt { get; set; }
}
