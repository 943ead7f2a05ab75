using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Claw.Grains.Storage;

/// <summary>
/// Runs row statements as one transaction and reports each statement's affected rows once it has committed. A
/// statement's companion rows (<see cref="PreparedWrite.Companions"/>) are inserted in the same transaction only when
/// the statement changed its row, so a refused write (a version conflict, an existing row) leaves no trace.
/// </summary>
internal static class WriteTransaction
{
    private const int SqliteError = 1;
    private const int SqliteTooBig = 18;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;
    private const int SqliteRange = 25;

    public static async Task<int[]> ExecuteAsync(ClawDatabase database, IReadOnlyList<PreparedWrite> writes)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return database.Kind == StorageKind.Postgres
            ? await ExecuteBatchAsync(connection, writes)
            : await ExecuteOneByOneAsync(connection, writes);
    }

    /// <summary>
    /// True when the database failed (unreachable, shutting down, out of resources, locked) rather than one statement:
    /// running the statements one by one would only fail each of them again.
    /// </summary>
    public static bool IsDatabaseFailure(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState[..2] is "08" or "53" or "57" or "58" or "XX",
        NpgsqlException => true, // no answer from the server: refused, broken or timed-out connection
        SqliteException sqlite => sqlite.SqliteErrorCode is not (SqliteError or SqliteTooBig or SqliteConstraint or SqliteMismatch or SqliteRange),
        _ => exception is TimeoutException or IOException or SocketException or ObjectDisposedException,
    };

    /// <summary>
    /// One round trip, its statements' parameters positional (<see cref="PositionalSql"/>). Without an explicit
    /// transaction Npgsql sends the whole batch before a single Sync, so PostgreSQL runs it as one implicit transaction:
    /// committed at the Sync, or rolled back entirely when a statement fails.
    /// A batch of one is exactly the auto-committed statement it was before batching.
    /// </summary>
    private static async Task<int[]> ExecuteBatchAsync(DbConnection connection, IReadOnlyList<PreparedWrite> writes)
    {
        await using var batch = connection.CreateBatch();
        var locks = AddLocks(batch, writes);
        foreach (var write in writes)
        {
            var command = batch.CreateBatchCommand();
            var (sql, values) = CompanionSql.Postgres(write);
            command.CommandText = sql;
            foreach (var value in values)
            {
                command.AddPositional(value);
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
        var affected = new int[writes.Count];
        for (var i = 0; i < affected.Length; i++)
        {
            // With companions the statement counts their inserted rows: some when the state write changed its row, none when not.
            var rows = batch.BatchCommands[locks + i].RecordsAffected;
            affected[i] = writes[i].Companions.Count == 0 ? rows : Math.Min(rows, 1);
        }

        return affected;
    }

    /// <summary>
    /// The writes' advisory locks, each once and in one order in every transaction (so two cannot wait on each other),
    /// in one statement before any other: each statement then counts what the transactions before it committed.
    /// Returns how many statements it added (0 or 1).
    /// </summary>
    private static int AddLocks(DbBatch batch, IReadOnlyList<PreparedWrite> writes)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            names.UnionWith(write.Locks);
        }

        if (names.Count == 0)
        {
            return 0;
        }

        // unnest yields the array in its order, and each row's lock is taken as the row is read: the sorted order.
        var command = batch.CreateBatchCommand();
        command.CommandText = "SELECT count(pg_advisory_xact_lock(hashtextextended(l, 0))) FROM unnest(CAST($1 AS text[])) AS l";
        command.AddPositional(names.ToArray());
        batch.BatchCommands.Add(command);
        return 1;
    }

    /// <summary>Microsoft.Data.Sqlite has no DbBatch; statements in process cost little, the commit is what counts.</summary>
    private static async Task<int[]> ExecuteOneByOneAsync(DbConnection connection, IReadOnlyList<PreparedWrite> writes)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var affected = new int[writes.Count];
        for (var i = 0; i < affected.Length; i++)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = writes[i].Sql;
            foreach (var (name, value) in writes[i].Parameters)
            {
                command.AddParameter(name, value);
            }

            affected[i] = await command.ExecuteNonQueryAsync();
            if (affected[i] == 1)
            {
                await InsertCompanionsAsync(connection, transaction, writes[i].Companions);
            }
        }

        await transaction.CommitAsync();
        return affected;
    }

    private static async Task InsertCompanionsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<CompanionRows> companions)
    {
        foreach (var group in companions)
        {
            foreach (var row in group.Rows)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = CompanionSql.SqliteInsert(group.Table);
                for (var c = 0; c < row.Length; c++)
                {
                    command.AddParameter(CompanionSql.ValueName(c), row[c]);
                }

                await command.ExecuteNonQueryAsync();
            }
        }
    }
}
