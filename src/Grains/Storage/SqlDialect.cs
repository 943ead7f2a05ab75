namespace Claw.Grains.Storage;

/// <summary>The few places where our SQL differs between SQLite and PostgreSQL.</summary>
public sealed class SqlDialect
{
    private static readonly SqlDialect Sqlite = new(isPostgres: false);
    private static readonly SqlDialect Postgres = new(isPostgres: true);

    private SqlDialect(bool isPostgres) => IsPostgres = isPostgres;

    public bool IsPostgres { get; }

    public static SqlDialect For(StorageKind kind) => kind == StorageKind.Postgres ? Postgres : Sqlite;

    /// <summary>A parameter holding JSON text, as the document column expects it.</summary>
    public string Json(string parameter) => IsPostgres ? $"CAST({parameter} AS jsonb)" : parameter;

    /// <summary>True when the JSON array in <paramref name="column"/> contains the string in <paramref name="parameter"/>.</summary>
    public string JsonArrayContains(string column, string parameter) => IsPostgres
        ? $"{column} @> jsonb_build_array(CAST({parameter} AS text))"
        : $"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {parameter})";

    /// <summary>Reads a document column back as text.</summary>
    public string JsonText(string column) => IsPostgres ? $"{column}::text" : column;
}
