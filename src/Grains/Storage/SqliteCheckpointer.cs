using Microsoft.Extensions.Hosting;

namespace Claw.Grains.Storage;

/// <summary>
/// Copies the embedded database's write-ahead log into the database file in the background, every
/// <c>Claw:SqliteCheckpointInterval</c>. SQLite otherwise does it inside the commit that takes the log past 1,000
/// pages: with about 36 pages a task, one commit in ~55 also copied the pages of those before it and flushed them to
/// disk, 5–10 ms (the slowest 1 % of embedded submits came every ~28 tasks). A passive checkpoint waits for no reader
/// or writer, and a commit that reaches the 1,000 pages afterwards finds them copied already. SQLite's own checkpoint
/// stays on, as the bound on the log's size should this one fall behind or fail.
/// </summary>
public sealed partial class SqliteCheckpointer(
    ClawDatabase database, TimeSpan interval, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckpointAsync(stoppingToken);
                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    LogFailed(logger, ex.GetType().Name, ex); // once per run of failures: the database may be away for a while
                }

                failing = true;
            }

            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventIds.SqliteCheckpointFailed, LogLevel.Warning, "Copying the embedded database's log into its file failed ({Error}); SQLite's own checkpoint keeps the log bounded meanwhile")]
    private static partial void LogFailed(ILogger logger, string error, Exception exception);
}
