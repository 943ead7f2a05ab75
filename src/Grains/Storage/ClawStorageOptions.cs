namespace Claw.Grains.Storage;

/// <summary>Configuration section <c>Claw</c>: where state lives.</summary>
public sealed class ClawStorageOptions
{
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>PostgreSQL connection string; for SQLite an optional override of the file connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the embedded database file <c>claw.db</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>
    /// How often the embedded database's log is copied into its file in the background (<see cref="SqliteCheckpointer"/>);
    /// zero leaves it to SQLite, inside the commit that fills the log.
    /// </summary>
    public TimeSpan SqliteCheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
