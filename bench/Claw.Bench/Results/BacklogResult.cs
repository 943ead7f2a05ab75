namespace Claw.Bench.Results;

/// <summary>The latency scenario while <c>Pending</c> tasks wait in a queue no worker serves.</summary>
internal sealed record BacklogResult(int Pending, double FillSeconds, LatencyResult Latency, double? ReceivedP99RatioToEmpty, double? ReceivedP50RatioToEmpty);
