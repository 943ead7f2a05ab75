using System.Collections.Concurrent;

namespace Claw.Client.Worker;

/// <summary>
/// The leases this worker runs, and those it has finished lately: a lease the server delivers twice (a replay after a
/// reconnect, a push again) runs once.
/// </summary>
internal sealed class JobBook
{
    private const int Remembered = 4096;

    private readonly ConcurrentDictionary<string, RunningJob> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _finished = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _finishedOrder = new();

    public int Count => _running.Count;

    /// <summary>True when the lease is new to this worker (it is then recorded as running).</summary>
    public bool TryBegin(RunningJob job) => !_finished.ContainsKey(job.LeaseId) && _running.TryAdd(job.LeaseId, job);

    public void Finish(RunningJob job)
    {
        _running.TryRemove(job.LeaseId, out _);
        if (_finished.TryAdd(job.LeaseId, 0))
        {
            _finishedOrder.Enqueue(job.LeaseId);
            while (_finishedOrder.Count > Remembered && _finishedOrder.TryDequeue(out var old))
            {
                _finished.TryRemove(old, out _);
            }
        }
    }

    /// <summary>The running jobs a notice names (by lease, or every lease of a task when it names only the task).</summary>
    public IEnumerable<RunningJob> Matching(string? leaseId, string? taskId) =>
        _running.Values.Where(j => leaseId is not null ? j.LeaseId == leaseId : j.TaskId == taskId);

    public IReadOnlyCollection<RunningJob> Running => [.. _running.Values];
}
