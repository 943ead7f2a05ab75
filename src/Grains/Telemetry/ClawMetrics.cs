using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Claw.Grains.Telemetry;

/// <summary>
/// The <c>Claw.Orleans</c> meter: the product's own series beside Orleans' and ASP.NET Core's. Gauges are per silo
/// (each silo reports what it hosts); Prometheus sums them across the cluster.
/// </summary>
public sealed class ClawMetrics
{
    public const string MeterName = "Claw.Orleans";

    public static readonly string Version = typeof(ClawMetrics).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>From a millisecond (push dispatch from memory) to minutes (backoff and long tasks).</summary>
    private static readonly InstrumentAdvice<double> LatencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    };

    /// <summary>Row statements per committed transaction of the grain-state provider, up to its largest batch.</summary>
    private static readonly InstrumentAdvice<int> BatchSizeBuckets = new()
    {
        HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    };

    private readonly ConcurrentDictionary<string, int> _queueDepth = new(StringComparer.Ordinal);
    private int _nodesOnline;

    public ClawMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName, Version);
        meter.CreateObservableGauge("claw.build.info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", Version)), description: "Always 1; the version label says which build runs.");
        meter.CreateObservableGauge("claw.nodes.online", () => Volatile.Read(ref _nodesOnline), description: "Nodes online whose grain this silo hosts.");
        meter.CreateObservableGauge("claw.queue.depth", QueueDepths, description: "Pending tasks in the dispatch index, by queue partition.");
        NodesRegistered = meter.CreateCounter<long>("claw.nodes.registered", description: "Node registrations, re-registrations included.");
        NodesCrashed = meter.CreateCounter<long>("claw.nodes.crashed", description: "Nodes declared crashed after their heartbeats stopped.");
        TasksSubmitted = meter.CreateCounter<long>("claw.tasks.submitted", description: "Tasks created, by queue.");
        TasksCompleted = meter.CreateCounter<long>("claw.tasks.completed", description: "Tasks completed, by queue.");
        TasksFailed = meter.CreateCounter<long>("claw.tasks.failed", description: "Tasks that ended failed (retries exhausted or not retriable), by queue.");
        TasksRetried = meter.CreateCounter<long>("claw.tasks.retried", description: "Retries scheduled after a failure or an expired lease, by queue.");
        TasksRecovered = meter.CreateCounter<long>("claw.tasks.recovered", description: "Pending tasks the sweep put back into a dispatch index after their enqueue or take was lost with a silo, by queue.");
        LeaseExpirations = meter.CreateCounter<long>("claw.leases.expired", description: "Leases whose deadline passed, by queue.");
        ResultsRejected = meter.CreateCounter<long>("claw.results.rejected", description: "Results refused by fencing, by code.");
        SchedulesFired = meter.CreateCounter<long>("claw.schedules.fired", description: "Tasks submitted by schedules, by queue.");
        SchedulesSkipped = meter.CreateCounter<long>("claw.schedules.skipped", description: "Schedule slots not fired (missed beyond the catch-up window, overlap, paused), by reason.");
        SubmitToDispatch = meter.CreateHistogram("claw.task.dispatch.latency", "s", "Submit to first lease.", tags: null, advice: LatencyBuckets);
        SubmitToComplete = meter.CreateHistogram("claw.task.complete.latency", "s", "Submit to completed.", tags: null, advice: LatencyBuckets);
        StorageCommits = meter.CreateCounter<long>("claw.storage.commits", description: "Transactions committed by the grain-state provider; each holds one or more row writes.");
        StorageStatements = meter.CreateCounter<long>("claw.storage.statements", description: "Row statements in the grain-state provider's committed transactions.");
        StorageBatchSize = meter.CreateHistogram("claw.storage.batch_size", unit: null, "Row statements per committed transaction of the grain-state provider.", tags: null, advice: BatchSizeBuckets);
        StorageCommitDuration = meter.CreateHistogram("claw.storage.commit.duration", "s", "One transaction of the grain-state provider, from opening its connection to its commit.", tags: null, advice: LatencyBuckets);
        StorageWriteLatency = meter.CreateHistogram("claw.storage.write.latency", "s", "What a grain waits for one state write: queued behind transactions in flight, then its own transaction.", tags: null, advice: LatencyBuckets);
    }

    public Counter<long> NodesRegistered { get; }

    public Counter<long> NodesCrashed { get; }

    public Counter<long> TasksSubmitted { get; }

    public Counter<long> TasksCompleted { get; }

    public Counter<long> TasksFailed { get; }

    public Counter<long> TasksRetried { get; }

    public Counter<long> TasksRecovered { get; }

    public Counter<long> LeaseExpirations { get; }

    public Counter<long> ResultsRejected { get; }

    public Counter<long> SchedulesFired { get; }

    public Counter<long> SchedulesSkipped { get; }

    public Histogram<double> SubmitToDispatch { get; }

    public Histogram<double> SubmitToComplete { get; }

    public Counter<long> StorageCommits { get; }

    public Counter<long> StorageStatements { get; }

    public Histogram<int> StorageBatchSize { get; }

    public Histogram<double> StorageCommitDuration { get; }

    public Histogram<double> StorageWriteLatency { get; }

    public void NodeOnline() => Interlocked.Increment(ref _nodesOnline);

    public void NodeOffline() => Interlocked.Decrement(ref _nodesOnline);

    public void ReportQueueDepth(string partition, int depth) => _queueDepth[partition] = depth;

    public void ForgetQueue(string partition) => _queueDepth.TryRemove(partition, out _);

    private IEnumerable<Measurement<int>> QueueDepths() =>
        _queueDepth.Select(q => new Measurement<int>(q.Value, new KeyValuePair<string, object?>("partition", q.Key)));
}
