using Claw.Abstractions.Tasks;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The tasks a partition's sweep asked to reconcile (<see cref="ITaskGrain.ReconcileAsync"/>), at most one call per task
/// at a time. The sweep does not wait for them: a task that answers slowly (its silo dying, its grain busy) must not
/// hold back the next sweep, and with it every other overdue row of the partition; it is skipped until it answers.
/// Used from its grain's turns only.
/// </summary>
public sealed class SweepReconciles(IGrainFactory grains, Action<string, Exception> failed)
{
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    /// <summary>Whether the task was asked and has not answered yet.</summary>
    public bool Waiting(string taskId) => _asked.Contains(taskId);

    /// <summary>Has the task judge itself against the row version the sweep read; a failure is left to the next sweep.</summary>
    public void Ask(string taskId, long rowVersion) => AskAsync(taskId, rowVersion).Ignore();

    private async Task AskAsync(string taskId, long rowVersion)
    {
        _asked.Add(taskId);
        try
        {
            await grains.GetGrain<ITaskGrain>(taskId).ReconcileAsync(rowVersion);
        }
        catch (Exception ex)
        {
            failed(taskId, ex);
        }
        finally
        {
            _asked.Remove(taskId);
        }
    }
}
