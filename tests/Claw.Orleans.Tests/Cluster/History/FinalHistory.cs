using Npgsql;

namespace Claw.Tests.Cluster.History;

/// <summary>
/// Each task of the run as the tasks table holds it at the end: status, final lease, how many <c>completed</c> events
/// its timeline has and from which lease, and what the task says of its lease; checked against what the workers were told.
/// </summary>
public sealed class FinalHistory
{
    private readonly Dictionary<string, Row> _rows;

    private FinalHistory(Dictionary<string, Row> rows) => _rows = rows;

    public List<string> NotCompleted { get; } = [];

    public List<string> CompletedNotOnce { get; } = [];

    public List<string> AcceptedFromTwoLeases { get; } = [];

    public List<string> AcceptedNotFinal { get; } = [];

    public int Completed { get; private set; }

    public static async Task<FinalHistory> ReadAsync(string connectionString, string queue)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT t.id, t.status, t.lease_id,
                   (SELECT count(*) FROM jsonb_array_elements(t.doc->'timeline') e WHERE e->>'type' = 'completed'),
                   (SELECT e->>'lease_id' FROM jsonb_array_elements(t.doc->'timeline') e WHERE e->>'type' = 'completed' LIMIT 1),
                   CASE WHEN t.status IN ('assigned', 'in_progress') THEN 'active' ELSE t.doc->>'lease_ended_as' END,
                   (SELECT string_agg(x.e->>'type', ',' ORDER BY x.n)
                      FROM (SELECT e, n FROM jsonb_array_elements(t.doc->'timeline') WITH ORDINALITY AS a(e, n) ORDER BY n DESC LIMIT 6) x)
            FROM claw_tasks t WHERE t.queue = @queue
            """, connection);
        command.Parameters.AddWithValue("queue", queue);
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = new Row(
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                (int)reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? "none" : reader.GetString(5),
                reader.IsDBNull(6) ? "" : reader.GetString(6));
        }

        return new FinalHistory(rows);
    }

    /// <summary>Checks every submitted task against its row and the ledger's accepted completions.</summary>
    public FinalHistory Judge(RunLedger ledger)
    {
        foreach (var id in ledger.Submitted.Values)
        {
            var accepted = ledger.AcceptedLeases(id);
            if (!_rows.TryGetValue(id, out var row))
            {
                NotCompleted.Add($"task {id}: no row");
                continue;
            }

            var described = $"task {id} {row.Status} lease {row.LeaseId} (lease: {row.LeaseStatus}), timeline ends {row.LastEvents}";
            if (accepted.Count > 1)
            {
                AcceptedFromTwoLeases.Add($"{described}; accepted from {string.Join(", ", accepted)}");
            }

            if (row.Status != "completed")
            {
                NotCompleted.Add(described);
                if (accepted.Count > 0)
                {
                    AcceptedNotFinal.Add($"{described}; yet accepted from {string.Join(", ", accepted)}");
                }

                continue;
            }

            Completed++;
            if (row.Completions != 1 || row.CompletedBy != row.LeaseId)
            {
                CompletedNotOnce.Add($"{described}; {row.Completions} completed events, the first by {row.CompletedBy}");
            }

            if (accepted.Any(lease => lease != row.LeaseId))
            {
                AcceptedNotFinal.Add($"{described}; accepted from {string.Join(", ", accepted)}");
            }
        }

        return this;
    }

    private sealed record Row(string Status, string? LeaseId, int Completions, string? CompletedBy, string LeaseStatus, string LastEvents);
}
