namespace Claw.Bench.Results;

/// <summary>
/// Durable work over one scenario: totals and per completed task. <c>Pg*</c> is PostgreSQL's count for the silos'
/// database (every transaction, the silos' background work included; statements split into queries and DML versus
/// utility statements such as BEGIN, COMMIT, DISCARD ALL); <c>Claw*</c> the silos' own storage counters.
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
    IReadOnlyList<StatementShare> TopStatements);
