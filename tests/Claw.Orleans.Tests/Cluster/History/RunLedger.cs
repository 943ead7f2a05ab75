using System.Collections.Concurrent;
using System.Net;

namespace Claw.Tests.Cluster.History;

/// <summary>What the workers and submitters of a kill run were told, answer by answer.</summary>
public sealed class RunLedger
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, int>> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _serverErrors = new();
    private readonly ConcurrentQueue<string> _lateAccepted = new();

    public ConcurrentDictionary<string, int> Refusals { get; } = new(StringComparer.Ordinal);

    /// <summary>Every task id submitted, by submission number.</summary>
    public ConcurrentDictionary<int, string> Submitted { get; } = new();

    public int Unavailable;
    public int TransportErrors;
    public int Abandoned;
    public int AnsweredLate;
    public int AnsweredTwice;
    public int RepeatsRefused;
    public int Moves;
    public int ServerErrorCount;

    /// <summary>Completes sent and not yet answered: a kill then lands between a lease's write and its task's.</summary>
    public int CompletesInFlight;

    public IReadOnlyCollection<string> ServerErrorSamples => _serverErrors;

    public IReadOnlyCollection<string> LateAccepted => _lateAccepted;

    /// <summary>The leases whose completion of <paramref name="taskId"/> was answered 200.</summary>
    public IReadOnlyCollection<string> AcceptedLeases(string taskId) =>
        _accepted.TryGetValue(taskId, out var leases) ? [.. leases.Keys] : [];

    public int AcceptedCount => _accepted.Values.Sum(leases => leases.Values.Sum());

    public void Accepted(string taskId, string leaseId) =>
        _accepted.GetOrAdd(taskId, _ => new(StringComparer.Ordinal)).AddOrUpdate(leaseId, 1, (_, n) => n + 1);

    public void AcceptedLate(string taskId, string leaseId) => _lateAccepted.Enqueue($"{taskId} {leaseId}");

    public void Refused(string code) => Refusals.AddOrUpdate(code, 1, (_, n) => n + 1);

    /// <summary>A 5xx other than 503: counted, and the first few kept whole.</summary>
    public void ServerError(string what, HttpStatusCode status, string body)
    {
        if (Interlocked.Increment(ref ServerErrorCount) <= 20)
        {
            _serverErrors.Enqueue($"{what}: {(int)status} {body[..Math.Min(body.Length, 400)]}");
        }
    }
}
