using Claw.Client.Nodes;

namespace Claw.Client.Worker;

/// <summary>A job in flight: its lease, and the token its handler watches (fired on revocation, cancellation or stop).</summary>
internal sealed class RunningJob(Assignment assignment, CancellationToken stopping) : IDisposable
{
    private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    public Assignment Assignment { get; } = assignment;

    public string LeaseId => Assignment.LeaseId;

    public string TaskId => Assignment.TaskId;

    public CancellationToken Token => _cancel.Token;

    /// <summary>Why the lease is no longer this worker's (<c>lease_revoked</c>, <c>task_cancelled</c>, …); null while it holds it.</summary>
    public string? LostBecause { get; private set; }

    public void Lose(string reason)
    {
        LostBecause ??= reason;
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // finished meanwhile
        }
    }

    public void Dispose() => _cancel.Dispose();
}
