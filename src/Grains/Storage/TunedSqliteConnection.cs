using Microsoft.Data.Sqlite;

namespace Claw.Grains.Storage;

/// <summary>
/// A SQLite connection that sets the per-connection pragmas concurrent grain writes need. Without a busy timeout
/// writers fail or stall under contention; with synchronous=NORMAL a WAL commit no longer waits for an fsync of
/// the main file (a power cut can lose the last commits, a process crash loses nothing).
/// </summary>
internal sealed class TunedSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    public const int BusyTimeoutMilliseconds = 30_000;

    public override void Open()
    {
        base.Open();
        using var command = CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }
}
