namespace Claw.Bench.Measure;

/// <summary>One normalized statement of pg_stat_statements and how often it ran.</summary>
internal sealed record StatementCalls(string Query, double Calls)
{
    /// <summary>Transaction control and connection resets, which pg_stat_statements tracks as utility statements.</summary>
    public bool IsUtility => Query.TrimStart().Split(' ', 2)[0].ToUpperInvariant() is
        "BEGIN" or "COMMIT" or "ROLLBACK" or "START" or "END" or "DISCARD" or "SET" or "RESET" or "SAVEPOINT" or "RELEASE" or "DEALLOCATE" or "SHOW";
}
