namespace Claw.Grains.Storage;

/// <summary>The database behind grain state, reminders, clustering and our own tables.</summary>
public enum StorageKind
{
    /// <summary>Embedded default: one file, no set-up.</summary>
    Sqlite,

    /// <summary>Production: a PostgreSQL database shared by every silo.</summary>
    Postgres,
}
