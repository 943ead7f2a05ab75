using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Claw.Abstractions.Callbacks;
using Claw.Grains.Storage;

namespace Claw.Grains.Callbacks;

/// <summary>
/// The callback deliveries' table: claiming due rows for one attempt (a claim that runs out, because its silo died,
/// frees the row for any other), recording each attempt's outcome, and listing a task's deliveries.
/// </summary>
public sealed class CallbackStore(ClawDatabase database)
{
    private const string Columns = "id, task_id, event, url, status, attempts, created_at, next_attempt_at, delivered_at, last_status, last_error";

    /// <summary>Claims up to <paramref name="limit"/> pending deliveries due at <paramref name="now"/> until <paramref name="claimUntil"/>.</summary>
    public async Task<List<DueDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset claimUntil, int limit)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var skipLocked = database.Dialect.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "";
        command.CommandText = $"""
            UPDATE {CallbackTable.Name} SET claimed_until = @until
            WHERE id IN (SELECT id FROM {CallbackTable.Name}
                         WHERE status = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
                         ORDER BY next_attempt_at LIMIT {limit}{skipLocked})
            RETURNING id, task_id, event, url, {database.Dialect.JsonText("doc")}, attempts, created_at
            """;
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        command.AddParameter("@until", claimUntil.ToUnixTimeMilliseconds());
        var due = new List<DueDelivery>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            due.Add(new DueDelivery(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                (int)reader.GetInt64(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return due;
    }

    /// <summary>Records one attempt: delivered, due again at <paramref name="next"/>, or given up (no next time).</summary>
    public async Task RecordAsync(string id, bool delivered, DateTimeOffset? next, int? statusCode, string? error, DateTimeOffset now)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE {CallbackTable.Name}
            SET status = @status, attempts = attempts + 1, next_attempt_at = @next, delivered_at = @delivered,
                last_status = @code, last_error = @error, claimed_until = NULL, updated_at = @now
            WHERE id = @id AND status = 'pending'
            """;
        var status = delivered ? CallbackTable.Delivered : next is null ? CallbackTable.Failed : CallbackTable.Pending;
        command.AddParameter("@id", id);
        command.AddParameter("@status", status);
        command.AddParameter("@next", (next ?? now).ToUnixTimeMilliseconds());
        command.AddParameter("@delivered", delivered ? now.ToUnixTimeMilliseconds() : null);
        command.AddParameter("@code", statusCode is { } code ? (long)code : null);
        command.AddParameter("@error", error);
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync();
    }

    public async Task<ImmutableArray<CallbackDelivery>> ListAsync(string taskId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM (SELECT {Columns} FROM {CallbackTable.Name} WHERE task_id = @task ORDER BY created_at DESC, id DESC LIMIT 100) newest ORDER BY created_at, id";
        command.AddParameter("@task", taskId);
        var deliveries = ImmutableArray.CreateBuilder<CallbackDelivery>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var status = reader.GetString(4);
            deliveries.Add(new CallbackDelivery(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), status, (int)reader.GetInt64(5),
                Time(reader, 6)!.Value, status == CallbackTable.Pending ? Time(reader, 7) : null, Time(reader, 8),
                reader.IsDBNull(9) ? null : (int)reader.GetInt64(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return deliveries.ToImmutable();
    }

    private static DateTimeOffset? Time(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture));
}
