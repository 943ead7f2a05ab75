using Claw.Abstractions;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;

namespace Claw.Tests.Storage;

/// <summary>The row type the storage tests write: a small document with indexed columns, one of them NOT NULL.</summary>
public sealed class HarnessRow
{
    public string TaskId { get; set; } = "";
    public string NodeId { get; set; } = "";
    public string Token { get; set; } = "";
    public string Queue { get; set; } = "";
    public LeaseStatus Status { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Renewals { get; set; }
}

/// <summary>Harness rows live in <c>claw_harness_rows</c>, a table only the storage tests create (<see cref="Ddl"/>).</summary>
public sealed class HarnessRowTable : StateTable<HarnessRow>
{
    public const string Name = "claw_harness_rows";

    private static readonly StateColumn[] Definition = [new("task_id"), new("node_id"), new("status"), new("expires_at", IsInteger: true)];

    /// <summary>Its schema on either database: a NOT NULL <c>task_id</c> lets a test make one row of a batch fail.</summary>
    public static string Ddl(StorageKind kind) => $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            id TEXT NOT NULL PRIMARY KEY, version BIGINT NOT NULL, doc {(kind == StorageKind.Postgres ? "JSONB" : "TEXT")} NOT NULL,
            task_id TEXT NOT NULL, node_id TEXT NOT NULL, status TEXT NOT NULL, expires_at BIGINT NOT NULL)
        """;

    public override string Table => Name;

    public override IReadOnlyList<StateColumn> Columns => Definition;

    protected override object?[] Values(HarnessRow row) =>
        [row.TaskId, row.NodeId, row.Status.Wire(), row.ExpiresAt.ToUnixTimeMilliseconds()];
}
