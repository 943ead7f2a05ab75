namespace Claw.Bench.Measure;

/// <summary>Cumulative durable-work counters at one moment; null where a source is absent.</summary>
internal sealed record WorkCounters(
    double? PgCommits,
    IReadOnlyDictionary<long, StatementCalls>? PgStatements,
    double? ClawCommits,
    double? ClawStatements,
    double? ClawBatchSizeSum,
    double? ClawBatchSizeCount);
