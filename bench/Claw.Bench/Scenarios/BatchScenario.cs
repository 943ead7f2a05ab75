using System.Diagnostics;
using Claw.Bench.Measure;
using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>
/// Bulk enqueue, the peers' shape (graphile-worker <c>addJobs</c>, BullMQ <c>addBulk</c>: chunks of 1,000 from one
/// producer): N no-op tasks in batches of <c>--batch-size</c> through <c>POST /tasks/batch</c>, sent by
/// <c>--batch-clients</c> concurrent senders. The tasks go to the queue nobody serves, as the submit scenario's do, so
/// they count towards the backlog scenario's pending tasks (its figure stays exact: it fills only what is missing).
/// With <c>--warmup-tasks</c> above 0, untimed batches go first: at least that many tasks, and more for up to
/// <see cref="WarmupTime"/> (but never more than the measured run's N): the batch path is on no other scenario's warm-up, and a short run after one batch measured the JIT tiering
/// its per-row code up (a third of the samples, <c>perf</c>) rather than its steady state, as the drains' warm-up avoids.
/// </summary>
internal static class BatchScenario
{
    /// <summary>About as long as a drain's warm-up pass of 2,000 tasks.</summary>
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(2);

    public static async Task<BatchResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var total = settings.Tasks;
        var size = Math.Clamp(settings.BatchSize, 1, 1000);
        var batches = (total + size - 1) / size;
        var latencies = new List<double>(batches);
        var created = 0;
        var next = -1;
        if (settings.WarmupTasks > 0)
        {
            var warm = Stopwatch.StartNew();
            for (var sent = 0; sent < settings.WarmupTasks || (warm.Elapsed < WarmupTime && sent < total); sent += size)
            {
                context.Pending += await context.Cluster.SubmitBatchAsync(0, context.BacklogQueue, -sent - size, size, cancellationToken);
            }
        }

        var before = await context.Work.ReadAsync(cancellationToken);
        var cpuStart = CpuMonitor.Now;
        var clock = Stopwatch.StartNew();
        using (Progress.Start("batch", () => $"created {Volatile.Read(ref created):N0}/{total:N0} in batches of {size:N0}"))
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, settings.BatchClients)).Select(async client =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < batches)
                {
                    var first = b * size;
                    var start = Stopwatch.GetTimestamp();
                    var answered = await context.Cluster.SubmitBatchAsync(client, context.BacklogQueue, first, Math.Min(size, total - first), cancellationToken);
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    Interlocked.Add(ref created, answered);
                    lock (latencies)
                    {
                        latencies.Add(ms);
                    }
                }
            }));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = context.Cpu.Window(cpuStart, CpuMonitor.Now);
        context.Pending += created;
        var after = await context.Work.ReadAsync(cancellationToken);
        return new BatchResult(total, size, Math.Max(1, settings.BatchClients), batches, created, Math.Round(seconds, 3), Math.Round(total / seconds, 1),
            Percentiles.Of(latencies), DurableWorkProbe.Delta(before, after, created), cpu);
    }
}
