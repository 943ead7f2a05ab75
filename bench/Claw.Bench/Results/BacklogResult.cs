namespace Claw.Bench.Results;

/// <summary>
/// The latency scenario while <c>Pending</c> tasks wait in a queue no worker serves: once straight after the fill
/// (<c>AfterFill</c>, with the fill's checkpoint and autovacuum in its window) and once settled (<c>Latency</c>, as the
/// empty system is measured; the target uses this one).
/// </summary>
internal sealed record BacklogResult(
    int Pending,
    double FillSeconds,
    LatencyResult AfterFill,
    double? AfterFillP99RatioToEmpty,
    double SettleSeconds,
    LatencyResult Latency,
    double? ReceivedP99RatioToEmpty,
    double? ReceivedP50RatioToEmpty);
