namespace Claw.Grains.Storage;

/// <summary>Configuration section <c>Claw</c>: where state lives.</summary>
public sealed class ClawStorageOptions
{
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>PostgreSQL connection string; for SQLite an optional override of the file connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the embedded database file <c>claw.db</c>.</summary>
    public string DataDirectory { get; set; } = "./data";
}
