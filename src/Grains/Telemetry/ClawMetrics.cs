using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Options;

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
    private readonly ConcurrentDictionary<(string Node, string Scope), int> _breakers = new();
    private readonly Counter<long> _queueShed;
    private int _nodesOnline;

    private readonly QueueLabels _queueLabels;

    public ClawMetrics(IMeterFactory meterFactory, IOptions<TelemetryOptions>? telemetry = null)
    {
        _queueLabels = new QueueLabels(telemetry?.Value ?? new TelemetryOptions());
        var meter = meterFactory.Create(MeterName, Version);
        meter.CreateObservableGauge("claw.build.info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", Version)), description: "Always 1; the version label says which build runs.");
        meter.CreateObservableGauge("claw.nodes.online", () => Volatile.Read(ref _nodesOnline), description: "Nodes online whose grain this silo hosts.");
        meter.CreateObservableGauge("claw.queue.depth", QueueDepths, description: "Pending tasks in the dispatch index, by queue partition (partitions of queues past the label bound summed as other).");
        meter.CreateObservableGauge("claw.breaker.state", BreakerStates, description: "Circuit breakers of the nodes this silo hosts, by node and task_type (\"*\": the node's own): 0 closed, 1 half-open, 2 open.");
        _queueShed = meter.CreateCounter<long>("claw.queue.shed", description: "Submits refused with 429 queue_full, by queue and priority.");
        TasksExpired = ByQueue(meter, "claw.tasks.expired", description: "Tasks that waited past their expires_at and ended expired, by queue.");
        NodesRegistered = meter.CreateCounter<long>("claw.nodes.registered", description: "Node registrations, re-registrations included.");
        NodesCrashed = meter.CreateCounter<long>("claw.nodes.crashed", description: "Nodes declared crashed after their heartbeats stopped.");
        TasksSubmitted = ByQueue(meter, "claw.tasks.submitted", description: "Tasks created, by queue.");
        TasksCompleted = ByQueue(meter, "claw.tasks.completed", description: "Tasks completed, by queue.");
        TasksFailed = ByQueue(meter, "claw.tasks.failed", description: "Tasks that ended failed (retries exhausted or not retriable), by queue.");
        TasksRetried = ByQueue(meter, "claw.tasks.retried", description: "Retries scheduled after a failure or an expired lease, by queue.");
        TasksRequeuedByHand = ByQueue(meter, "claw.tasks.dead_letter_retries", description: "Failed or cancelled tasks sent back to pending by a retry request (single or bulk), by queue.");
        TasksRecovered = ByQueue(meter, "claw.tasks.recovered", description: "Pending tasks the sweep put back into a dispatch index after their enqueue or take was lost with a silo, by queue.");
        LeaseExpirations = ByQueue(meter, "claw.leases.expired", description: "Leases whose deadline passed, by queue.");
        LeasesRefusedAtLimit = ByQueue(meter, "claw.leases.refused_at_limit", description: "Lease writes the tasks table refused at a concurrency lane's or swarm's limit that its grain had granted (two activations of that grain counted apart), by queue.");
        ResultsRejected = meter.CreateCounter<long>("claw.results.rejected", description: "Results refused by fencing, by code.");
        SchedulesFired = ByQueue(meter, "claw.schedules.fired", description: "Tasks submitted by schedules, by queue.");
        SchedulesSkipped = meter.CreateCounter<long>("claw.schedules.skipped", description: "Schedule slots not fired (missed beyond the catch-up window, overlap, paused), by reason.");
        SubmitToDispatch = meter.CreateHistogram("claw.task.dispatch.latency", "s", "Submit to first lease.", tags: null, advice: LatencyBuckets);
        SubmitToComplete = meter.CreateHistogram("claw.task.complete.latency", "s", "Submit to completed.", tags: null, advice: LatencyBuckets);
        GrainCalls = meter.CreateCounter<long>("claw.grain.calls", description: "Grain calls this silo received (one-way notices included), by grain class.");
        StorageCommits = meter.CreateCounter<long>("claw.storage.commits", description: "Transactions committed by the grain-state provider; each holds one or more row writes.");
        StorageStatements = meter.CreateCounter<long>("claw.storage.statements", description: "Row statements in the grain-state provider's committed transactions.");
        StorageCompanionRows = meter.CreateCounter<long>("claw.storage.companion_rows", description: "Rows committed beside grain-state writes in their transactions (timeline events, callback deliveries).");
        StorageBatchSize = meter.CreateHistogram("claw.storage.batch_size", unit: null, "Row statements per committed transaction of the grain-state provider.", tags: null, advice: BatchSizeBuckets);
        StorageCommitDuration = meter.CreateHistogram("claw.storage.commit.duration", "s", "One transaction of the grain-state provider, from opening its connection to its commit.", tags: null, advice: LatencyBuckets);
        StorageWriteLatency = meter.CreateHistogram("claw.storage.write.latency", "s", "What a grain waits for one state write: queued behind transactions in flight, then its own transaction.", tags: null, advice: LatencyBuckets);
    }

    public Counter<long> NodesRegistered { get; }

    public Counter<long> NodesCrashed { get; }

    public QueueCounter TasksSubmitted { get; }

    public QueueCounter TasksCompleted { get; }

    public QueueCounter TasksFailed { get; }

    public QueueCounter TasksRetried { get; }

    public QueueCounter TasksRecovered { get; }

    public QueueCounter TasksRequeuedByHand { get; }

    public QueueCounter LeaseExpirations { get; }

    /// <summary>Leases the table refused at a lane's limit though the lane's grain granted the slot (<c>Dispatch/LaneGuard</c>).</summary>
    public QueueCounter LeasesRefusedAtLimit { get; }

    public Counter<long> ResultsRejected { get; }

    public QueueCounter TasksExpired { get; }

    public QueueCounter SchedulesFired { get; }

    public Counter<long> SchedulesSkipped { get; }

    public Histogram<double> SubmitToDispatch { get; }

    public Histogram<double> SubmitToComplete { get; }

    public Counter<long> GrainCalls { get; }

    public Counter<long> StorageCommits { get; }

    public Counter<long> StorageStatements { get; }

    public Counter<long> StorageCompanionRows { get; }

    public Histogram<int> StorageBatchSize { get; }

    public Histogram<double> StorageCommitDuration { get; }

    public Histogram<double> StorageWriteLatency { get; }

    public void NodeOnline() => Interlocked.Increment(ref _nodesOnline);

    public void NodeOffline() => Interlocked.Decrement(ref _nodesOnline);

    public void ReportQueueDepth(string partition, int depth) => _queueDepth[partition] = depth;

    public void ForgetQueue(string partition) => _queueDepth.TryRemove(partition, out _);

    /// <summary>Submits refused by a full queue: <paramref name="count"/> tasks of one priority.</summary>
    public void QueueShed(string queue, Abstractions.Tasks.TaskPriority priority, int count = 1) =>
        _queueShed.Add(count, new KeyValuePair<string, object?>("queue", _queueLabels.Of(queue)), new KeyValuePair<string, object?>("priority", priority.Wire()));

    /// <summary>The state of one breaker of a node hosted here (0 closed, 1 half-open, 2 open).</summary>
    public void ReportBreaker(string nodeId, string scope, int state) => _breakers[(nodeId, scope)] = state;

    /// <summary>The node's grain left this silo (or its breakers were forgotten): its series go with it.</summary>
    public void ForgetBreakers(string nodeId)
    {
        foreach (var key in _breakers.Keys.Where(k => k.Node == nodeId).ToList())
        {
            _breakers.TryRemove(key, out _);
        }
    }

    private IEnumerable<Measurement<int>> BreakerStates() => _breakers.Select(b => new Measurement<int>(
        b.Value, new KeyValuePair<string, object?>("node", b.Key.Node), new KeyValuePair<string, object?>("task_type", b.Key.Scope)));

    private QueueCounter ByQueue(Meter meter, string name, string description) =>
        new(meter.CreateCounter<long>(name, description: description), _queueLabels);

    /// <summary>Each partition of a labelled queue on its own; the partitions of every other queue summed as <c>other</c>.</summary>
    private IEnumerable<Measurement<int>> QueueDepths() => _queueDepth
        .GroupBy(q => PartitionLabel(q.Key), StringComparer.Ordinal)
        .Select(g => new Measurement<int>(g.Sum(q => q.Value), new KeyValuePair<string, object?>("partition", g.Key)));

    private string PartitionLabel(string partition)
    {
        var slash = partition.LastIndexOf('/');
        var queue = slash < 0 ? partition : partition[..slash];
        return _queueLabels.Of(queue) == QueueLabels.Other ? QueueLabels.Other : partition;
    }
}
