using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Claw.Grains.Storage;

/// <summary>Runs row statements as one transaction and reports each statement's affected rows once it has committed.</summary>
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
    /// One round trip. Without an explicit transaction Npgsql sends the whole batch before a single Sync, so PostgreSQL
    /// runs it as one implicit transaction: committed at the Sync, or rolled back entirely when a statement fails.
    /// A batch of one is exactly the auto-committed statement it was before batching.
    /// </summary>
    private static async Task<int[]> ExecuteBatchAsync(DbConnection connection, IReadOnlyList<PreparedWrite> writes)
    {
        await using var batch = connection.CreateBatch();
        foreach (var write in writes)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = write.Sql;
            foreach (var (name, value) in write.Parameters)
            {
                command.AddParameter(name, value);
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
        var affected = new int[writes.Count];
        for (var i = 0; i < affected.Length; i++)
        {
            affected[i] = batch.BatchCommands[i].RecordsAffected;
        }

        return affected;
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
        }

        await transaction.CommitAsync();
        return affected;
    }
}
