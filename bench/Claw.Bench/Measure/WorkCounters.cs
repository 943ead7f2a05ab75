namespace Claw.Bench.Measure;

/// <summary>
/// Cumulative work counters at one moment; null where a source is absent. <c>GrainCalls</c> is the silos'
/// <c>claw_grain_calls_total</c> per grain; <c>ThreadPoolWorkItems</c> the runtime's completed thread-pool work items
/// (<c>dotnet_thread_pool_work_item_count_total</c>), each one a hand-off to a pool thread.
/// </summary>
internal sealed record WorkCounters(
    double? PgCommits,
    IReadOnlyDictionary<long, StatementCalls>? PgStatements,
    double? ClawCommits,
    double? ClawStatements,
    double? ClawBatchSizeSum,
    double? ClawBatchSizeCount,
    IReadOnlyDictionary<string, double>? GrainCalls,
    double? ThreadPoolWorkItems);
