namespace Claw.Bench.Results;

/// <summary>
/// Durable work and in-silo work over one scenario: totals and per task (completed, or created where nothing runs).
/// <c>Pg*</c> is PostgreSQL's count for the silos' database (every transaction, the silos' background work included;
/// statements split into queries and DML versus utility statements such as BEGIN, COMMIT, DISCARD ALL); <c>Claw*</c>
/// the silos' own storage counters; <c>GrainCalls</c> the silos' grain calls (<c>claw_grain_calls_total</c>, the most
/// called grains in <c>TopGrains</c>); <c>ThreadPoolWorkItems</c> the silos' completed thread-pool work items (thread
/// hand-offs). Every figure is a counter's difference, null ("n/a") when the source is absent.
/// </summary>
internal sealed record DurableWork(
    int CompletedTasks,
    double? PgCommits,
    double? PgCommitsPerTask,
    double? PgStatements,
    double? PgStatementsPerTask,
    double? PgUtilityPerTask,
    double? ClawCommits,
    double? ClawCommitsPerTask,
    double? ClawStatements,
    double? ClawStatementsPerTask,
    double? ClawMeanBatchSize,
    IReadOnlyList<StatementShare> TopStatements,
    double? GrainCalls = null,
    double? GrainCallsPerTask = null,
    IReadOnlyList<GrainShare>? TopGrains = null,
    double? ThreadPoolWorkItems = null,
    double? ThreadPoolWorkItemsPerTask = null);
