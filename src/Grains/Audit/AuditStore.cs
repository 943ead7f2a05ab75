using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Claw.Abstractions.Audit;
using Claw.Abstractions.Queries;
using Claw.Grains.Queries;
using Claw.Grains.Storage;

namespace Claw.Grains.Audit;

/// <summary>The <c>claw_audit</c> table: batched inserts, and filtered pages newest first.</summary>
public static class AuditStore
{
    public const string Table = "claw_audit";

    private const string Columns = "at, type, principal, node_id, action, resource, result, reason, correlation_id";

    public static async Task InsertAsync(ClawDatabase database, IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"INSERT INTO {Table} ({Columns}) VALUES ");
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@at{i}, @type{i}, @principal{i}, @node{i}, @action{i}, @resource{i}, @result{i}, @reason{i}, @correlation{i})");
            command.AddParameter($"@at{i}", e.At.ToUnixTimeMilliseconds()).AddParameter($"@type{i}", e.Type.Wire())
                .AddParameter($"@principal{i}", e.Principal).AddParameter($"@node{i}", e.NodeId).AddParameter($"@action{i}", e.Action)
                .AddParameter($"@resource{i}", e.Resource).AddParameter($"@result{i}", e.Result).AddParameter($"@reason{i}", e.Reason)
                .AddParameter($"@correlation{i}", e.CorrelationId);
        }

        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<Page<AuditRecord>> ListAsync(ClawDatabase database, AuditQuery query)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = new SqlQuery(command);
        if (query.Type is { } type)
        {
            sql.And("type = {0}", type.Wire());
        }

        if (query.Principal is { } principal)
        {
            sql.And("principal = {0}", principal);
        }

        if (query.NodeId is { } nodeId)
        {
            sql.And("node_id = {0}", nodeId);
        }

        if (query.Since is { } since)
        {
            sql.And("at >= {0}", since.ToUnixTimeMilliseconds());
        }

        if (query.Until is { } until)
        {
            sql.And("at < {0}", until.ToUnixTimeMilliseconds());
        }

        if (Cursor.Decode(query.Cursor) is { } after)
        {
            sql.And("id < {0}", after.SortKey);
        }

        command.CommandText = $"SELECT id, {Columns} FROM {Table}{sql.Where} ORDER BY id DESC LIMIT {query.Limit + 1}";
        var items = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(Read(reader));
        }

        var next = items.Count > query.Limit ? new Cursor(items[query.Limit - 1].Id, "audit").Encode() : null;
        return new Page<AuditRecord>([.. items.Take(query.Limit)], next);
    }

    private static AuditRecord Read(DbDataReader r) => new(r.GetInt64(0), new AuditEntry(
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
        Enum.Parse<AuditType>(r.GetString(2).Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
        r.GetString(3),
        Text(r, 4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        Text(r, 8),
        Text(r, 9)));

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
