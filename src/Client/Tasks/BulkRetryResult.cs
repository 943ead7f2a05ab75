namespace Claw.Client.Tasks;

/// <summary>What a bulk retry did: <see cref="Retried"/> of the <see cref="Matched"/> failed tasks it found went back to pending.</summary>
public sealed record BulkRetryResult(int Retried, int Matched);
