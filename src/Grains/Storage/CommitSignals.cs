namespace Claw.Grains.Storage;

/// <summary>
/// Tells the silo's background workers that a commit carried rows for them (a callback delivery): the worker of the
/// silo that wrote it starts at once instead of at its next poll; other silos still find the row by polling.
/// </summary>
public sealed class CommitSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Rows of <paramref name="table"/> were committed.</summary>
    public void Committed(string table)
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            if (!_waiting.Remove(table, out waiting))
            {
                return;
            }
        }

        waiting.TrySetResult();
    }

    /// <summary>Waits until rows of <paramref name="table"/> are committed or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(string table, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (!_waiting.TryGetValue(table, out var waiting))
            {
                _waiting[table] = waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            signal = waiting.Task;
        }

        try
        {
            await signal.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // the poll interval passed: look anyway
        }
    }
}
