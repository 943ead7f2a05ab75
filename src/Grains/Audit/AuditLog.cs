using System.Threading.Channels;
using Claw.Abstractions.Audit;
using Claw.Grains.Storage;

namespace Claw.Grains.Audit;

/// <summary>
/// The silo's audit writer: <see cref="Record"/> never waits and never throws (an audit record must not fail the call
/// it describes); a background loop writes what arrived in batches, one transaction each. Texts are redacted and
/// bounded here, whoever wrote them. Records still queued when the silo stops are written before it goes.
/// </summary>
public sealed partial class AuditLog(ClawDatabase database, ILogger<AuditLog> logger) : IAsyncDisposable
{
    /// <summary>Records waiting beyond this are dropped (and counted in the log): a flood of failures must not take the silo's memory.</summary>
    public const int MaxQueued = 10_000;

    private const int MaxBatch = 100;

    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _writer;
    private long _dropped;

    public void Record(AuditEntry entry)
    {
        EnsureStarted();
        if (!_queue.Writer.TryWrite(Bounded(entry)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Waits until every record handed in so far is written (tests, shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer;
        }
    }

    private void EnsureStarted()
    {
        if (_writer is null)
        {
            lock (_startLock)
            {
                _writer ??= Task.Run(WriteLoopAsync);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<AuditEntry>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                await AuditStore.InsertAsync(database, batch);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogWriteFailed(logger, batch.Count, Interlocked.Exchange(ref _dropped, 0), ex);
            }

            batch.Clear();
        }
    }

    private static AuditEntry Bounded(AuditEntry entry) => entry with
    {
        Principal = Cut(entry.Principal, 200), // ids the writers made, never a secret
        Action = Cut(SecretRedactor.Redact(entry.Action), 300),
        Resource = Cut(entry.Resource, 300),
        Reason = entry.Reason is { } reason ? Cut(SecretRedactor.Redact(reason), 1000) : null,
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(EventIds.AuditWriteFailed, LogLevel.Warning, "Could not write {Count} audit records ({Dropped} dropped before for a full queue)")]
    private static partial void LogWriteFailed(ILogger logger, int count, long dropped, Exception exception);
}
