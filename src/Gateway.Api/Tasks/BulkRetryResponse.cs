namespace Claw.Gateway.Tasks;

/// <summary>What a bulk retry did: <c>retried</c> tasks went back to pending (of <c>matched</c> failed ones it found).</summary>
public sealed record BulkRetryResponse(int Retried, int Matched);
