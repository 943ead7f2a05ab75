using System.Diagnostics;
using System.Threading.Channels;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Storage;

/// <summary>
/// Group commit for grain state. Writes from many grains queue here and share one transaction; each caller is answered
/// only after the transaction holding its write has committed. Nothing waits for company: a lone write leaves at once,
/// and the writes that arrive while a transaction is in flight form the next one. PostgreSQL may have a few
/// transactions in flight, so one's commit overlaps the next one's building; SQLite has exactly one writer.
/// </summary>
public sealed partial class WriteBatcher : IAsyncDisposable
{
    private readonly ClawDatabase _database;
    private readonly ClawMetrics _metrics;
    private readonly ILogger<WriteBatcher> _logger;
    private readonly int _maxBatchSize;
    private readonly int _maxInFlight;
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });

    // Owned by the flush loop alone: writes held back because their row is already in flight, and those rows.
    private readonly List<QueuedWrite> _heldBack = [];
    private readonly HashSet<(string Table, string RowId)> _rowsInFlight = [];
    private readonly Task _flushLoop;
    private int _queued;

    public WriteBatcher(ClawDatabase database, IOptions<WriteBatchingOptions> options, ClawMetrics metrics, ILogger<WriteBatcher> logger)
    {
        _database = database;
        _metrics = metrics;
        _logger = logger;
        _maxBatchSize = Math.Max(1, options.Value.MaxBatchSize);
        _maxInFlight = database.Kind == StorageKind.Sqlite ? 1 : Math.Max(1, options.Value.MaxInFlight);
        _flushLoop = Task.Run(FlushLoopAsync);
    }

    /// <summary>Writes waiting for a transaction to take them.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>
    /// Runs <paramref name="write"/> in the next transaction. Completes with the rows it affected once that transaction
    /// has committed, or with the database's exception if it did not.
    /// </summary>
    public Task<int> WriteAsync(PreparedWrite write)
    {
        var queued = new QueuedWrite(write);
        Interlocked.Increment(ref _queued);
        if (_queue.Writer.TryWrite(queued))
        {
            return queued.Completion.Task;
        }

        Interlocked.Decrement(ref _queued);
        return Task.FromException<int>(new ObjectDisposedException(nameof(WriteBatcher)));
    }

    /// <summary>Takes no more writes; the ones already queued are still committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _flushLoop;
    }

    private async Task FlushLoopAsync()
    {
        var running = new List<Task<List<QueuedWrite>>>();
        Task<bool>? arrival = null;
        var open = true;
        while (true)
        {
            foreach (var finished in running.Where(t => t.IsCompleted).ToList())
            {
                running.Remove(finished);
                foreach (var write in finished.Result)
                {
                    _rowsInFlight.Remove(write.Write.Row);
                }
            }

            if (running.Count < _maxInFlight)
            {
                var batch = NextBatch();
                if (batch.Count > 0)
                {
                    running.Add(RunAsync(batch));
                    continue;
                }

                if (!open && running.Count == 0)
                {
                    return;
                }
            }

            // Wake for new writes only with a free slot; a finished transaction frees a slot and may free held-back rows.
            var canStart = open && running.Count < _maxInFlight;
            if (canStart)
            {
                arrival ??= _queue.Reader.WaitToReadAsync().AsTask();
            }

            await Task.WhenAny(canStart ? running.Append<Task>(arrival!) : running);
            if (arrival is { IsCompleted: true })
            {
                open = await arrival;
                arrival = null;
            }
        }
    }

    /// <summary>Held-back writes first, then new ones, up to the batch size; a row already in flight waits for the next batch.</summary>
    private List<QueuedWrite> NextBatch()
    {
        var batch = new List<QueuedWrite>();
        for (var i = 0; i < _heldBack.Count && batch.Count < _maxBatchSize;)
        {
            if (_rowsInFlight.Add(_heldBack[i].Write.Row))
            {
                batch.Add(_heldBack[i]);
                _heldBack.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }

        while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var write))
        {
            Interlocked.Decrement(ref _queued);
            if (_rowsInFlight.Add(write.Write.Row))
            {
                batch.Add(write);
            }
            else
            {
                _heldBack.Add(write);
            }
        }

        return batch;
    }

    /// <summary>
    /// One transaction for the batch. A statement error rolls all of it back on PostgreSQL, so then each write runs
    /// alone and only the bad one fails; when the database itself failed, every write of the batch fails with it.
    /// </summary>
    private async Task<List<QueuedWrite>> RunAsync(List<QueuedWrite> batch)
    {
        try
        {
            await CommitAsync(batch);
        }
        catch (Exception ex) when (batch.Count > 1 && !WriteTransaction.IsDatabaseFailure(ex))
        {
            LogRetryingAlone(_logger, batch.Count, ex.GetType().Name);
            foreach (var write in batch)
            {
                try
                {
                    await CommitAsync([write]);
                }
                catch (Exception single)
                {
                    write.Completion.TrySetException(single);
                }
            }
        }
        catch (Exception ex)
        {
            LogBatchFailed(_logger, batch.Count, ex);
            foreach (var write in batch)
            {
                write.Completion.TrySetException(ex);
            }
        }

        return batch;
    }

    private async Task CommitAsync(List<QueuedWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var affected = await WriteTransaction.ExecuteAsync(_database, batch.ConvertAll(w => w.Write));
        _metrics.StorageCommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        _metrics.StorageCommits.Add(1);
        _metrics.StorageStatements.Add(batch.Count);
        _metrics.StorageBatchSize.Record(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            _metrics.StorageWriteLatency.Record(Stopwatch.GetElapsedTime(batch[i].QueuedAt).TotalSeconds);
            batch[i].Completion.TrySetResult(affected[i]);
        }
    }

    private sealed class QueuedWrite(PreparedWrite write)
    {
        public PreparedWrite Write { get; } = write;

        public long QueuedAt { get; } = Stopwatch.GetTimestamp();

        // Grain callers resume on their activation's scheduler, so completing inline only queues their continuation.
        public TaskCompletionSource<int> Completion { get; } = new();
    }

    [LoggerMessage(EventIds.WriteBatchRetryingAlone, LogLevel.Warning, "A batch of {Count} grain-state writes failed on a statement ({Error}); each write runs alone now")]
    private static partial void LogRetryingAlone(ILogger logger, int count, string error);

    [LoggerMessage(EventIds.WriteBatchFailed, LogLevel.Warning, "A batch of {Count} grain-state writes failed: the database did not commit it")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
