namespace Claw.Bench.Report;

/// <summary>
/// One measurement of the peers harness (a line of its <c>raw.jsonl</c>, written by <c>tools/runone.py</c>): pgbench's
/// tps, a queue's enqueue and completion rates, or a queue's enqueue → handler-start latency.
/// </summary>
internal sealed record PeerBaseline(
    string Label,
    double? Tps,
    double? EnqueuePerSecond,
    double? CompletePerSecond,
    double? P50Ms,
    double? P99Ms,
    int? Jobs,
    double? ForeignCores,
    double? MineCores,
    bool Clean,
    string? Error);
