namespace Claw.Bench.Results;

/// <summary>Everything one <c>run</c> measured against one deployment (a storage mode and a silo count).</summary>
internal sealed record ClawRun
{
    public required string Storage { get; init; }

    public required int Silos { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double Seconds { get; init; }

    /// <summary>How tasks are submitted: concurrent single <c>POST /tasks</c> everywhere but the batch scenario.</summary>
    public required string SubmitMode { get; init; }

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public List<ThroughputResult> Throughput { get; init; } = [];

    public SubmitResult? Submit { get; set; }

    public BatchResult? Batch { get; set; }

    public LatencyResult? Latency { get; set; }

    public BacklogResult? Backlog { get; set; }

    public SessionsResult? Sessions { get; set; }

    /// <summary>Scenario → why it failed; the other scenarios still ran.</summary>
    public Dictionary<string, string> Errors { get; init; } = [];
}
