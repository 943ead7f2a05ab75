namespace Claw.Bench.Report;

/// <summary>
/// The baselines bench/run.sh measures with the peers harness, by the labels that harness uses
/// (<c>../shared/peers/node/queue_run.sh</c>, <c>pg/pgbench_run.sh</c>), and which Claw figure each is set against.
/// </summary>
internal static class PeerCatalog
{
    /// <summary>Rates of completing work: set against Claw's completed/s.</summary>
    public static readonly (string Label, string Name, Func<PeerBaseline, double?> Value)[] Completion =
    [
        ("pg_insert_scon_c1", "PostgreSQL single-row commits/s, 1 client (pgbench)", b => b.Tps),
        ("pg_insert_scon_c4", "PostgreSQL single-row commits/s, 4 clients (pgbench)", b => b.Tps),
        ("pg_insert_scon_c16", "PostgreSQL single-row commits/s, 16 clients (pgbench)", b => b.Tps),
        ("graphile_default_batch", "graphile-worker defaults, concurrency 16: completed/s", b => b.CompletePerSecond),
        ("graphile_batched_batch", "graphile-worker localQueue 100 + batched completion: completed/s", b => b.CompletePerSecond),
        ("pgboss_c16b16_single", "pg-boss 16 workers × 16-job batches: completed/s", b => b.CompletePerSecond),
        ("bullmq_batch", "BullMQ concurrency 16, redis AOF everysec: completed/s", b => b.CompletePerSecond),
        ("bullmq_batch_aof_always", "BullMQ concurrency 16, redis AOF always (fsync per write): completed/s", b => b.CompletePerSecond),
    ];

    /// <summary>Rates of accepting work one call at a time: set against Claw's submits/s.</summary>
    public static readonly (string Label, string Name, Func<PeerBaseline, double?> Value)[] Submission =
    [
        ("pg_insert_scon_c16", "PostgreSQL single-row commits/s, 16 clients (pgbench)", b => b.Tps),
        ("pgboss_c16b16_single", "pg-boss send() one at a time, 16 producers", b => b.EnqueuePerSecond),
        ("graphile_default_single", "graphile-worker addJob() one at a time, 16 producers", b => b.EnqueuePerSecond),
        ("bullmq_single", "BullMQ add() one at a time, 16 producers, AOF everysec", b => b.EnqueuePerSecond),
        ("bullmq_single_aof_always", "BullMQ add() one at a time, 16 producers, AOF always", b => b.EnqueuePerSecond),
    ];

    /// <summary>Rates of accepting work in bulk, chunks of 1,000 from one producer: set against Claw's batch tasks/s.</summary>
    public static readonly (string Label, string Name, Func<PeerBaseline, double?> Value)[] BulkSubmission =
    [
        ("graphile_default_batch", "graphile-worker addJobs(), chunks of 1,000, one producer", b => b.EnqueuePerSecond),
        ("bullmq_batch", "BullMQ addBulk(), chunks of 1,000, one producer, AOF everysec", b => b.EnqueuePerSecond),
        ("bullmq_batch_aof_always", "BullMQ addBulk(), chunks of 1,000, one producer, AOF always", b => b.EnqueuePerSecond),
    ];

    /// <summary>Enqueue → handler start with an idle worker: set against Claw's submit → task_assigned received.</summary>
    public static readonly (string Label, string Name)[] Latency =
    [
        ("lat_bullmq", "BullMQ blocking wait, AOF everysec"),
        ("lat_bullmq_aof_always", "BullMQ blocking wait, AOF always"),
        ("lat_graphile_notify", "graphile-worker LISTEN/NOTIFY"),
        ("lat_pgboss_notify", "pg-boss LISTEN/NOTIFY"),
    ];
}
