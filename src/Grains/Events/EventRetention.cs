using Claw.Grains.Callbacks;
using Claw.Grains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Events;

/// <summary>
/// Keeps the events table (and the finished callback deliveries) to <see cref="EventRetentionOptions.Retention"/>:
/// each silo deletes what is older, in chunks, every <see cref="EventRetentionOptions.TrimInterval"/>. A stream whose
/// cursor is older simply resumes at the oldest event kept.
/// </summary>
public sealed partial class EventRetention(
    ClawDatabase database,
    IOptions<EventRetentionOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<EventRetention> logger) : BackgroundService
{
    private const int Chunk = 10_000;

    /// <summary>Deletes what is past retention now; answers the events and deliveries deleted.</summary>
    public async Task<(long Events, long Deliveries)> TrimAsync(CancellationToken cancellationToken)
    {
        var cutoff = (time.GetUtcNow() - options.Value.Retention).ToUnixTimeMilliseconds();
        var events = await DeleteAsync($"DELETE FROM {EventTable.Name} WHERE seq IN (SELECT seq FROM {EventTable.Name} WHERE at < @cutoff ORDER BY seq LIMIT {Chunk})", cutoff, cancellationToken);
        var deliveries = await DeleteAsync(
            $"DELETE FROM {CallbackTable.Name} WHERE id IN (SELECT id FROM {CallbackTable.Name} WHERE status <> 'pending' AND updated_at < @cutoff LIMIT {Chunk})", cutoff, cancellationToken);
        return (events, deliveries);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (events, deliveries) = await TrimAsync(stoppingToken);
                if (events + deliveries > 0)
                {
                    LogTrimmed(logger, events, deliveries, options.Value.Retention.TotalDays);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex.GetType().Name, ex);
            }

            await Task.Delay(options.Value.TrimInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<long> DeleteAsync(string sql, long cutoff, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.AddParameter("@cutoff", cutoff);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < Chunk)
            {
                return total;
            }
        }
    }

    [LoggerMessage(EventIds.EventsTrimmed, LogLevel.Information, "Deleted {Events} events and {Deliveries} finished callback deliveries older than {Days} days")]
    private static partial void LogTrimmed(ILogger logger, long events, long deliveries, double days);

    [LoggerMessage(EventIds.EventRetentionFailed, LogLevel.Warning, "Trimming the events table failed ({Error}); the next round tries again")]
    private static partial void LogFailed(ILogger logger, string error, Exception exception);
}
