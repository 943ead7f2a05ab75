using System.Diagnostics;
using Claw.Bench.Measure;
using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>
/// Bulk enqueue, the peers' shape (graphile-worker <c>addJobs</c>, BullMQ <c>addBulk</c>: chunks of 1,000 from one
/// producer): N no-op tasks in batches of <c>--batch-size</c> through <c>POST /tasks/batch</c>, sent by
/// <c>--batch-clients</c> concurrent senders. The tasks go to the queue nobody serves, as the submit scenario's do, so
/// they count towards the backlog scenario's pending tasks (its figure stays exact: it fills only what is missing).
/// With <c>--warmup-tasks</c> above 0, untimed batches go first: <see cref="WarmupBatches"/> of at most
/// <see cref="WarmupBatchSize"/> tasks (as many as the backlog leaves room for), and more while fewer than
/// <c>--warmup-tasks</c> tasks went. The batch path is on no other scenario's warm-up, and its per-batch code runs once
/// per batch, so it tiers up only after dozens of them: after a warm-up of 2 s the JIT was still a third of the silo's
/// CPU during the timed batches of a full run, and two runs of the same code differed by a third (bench/README.md).
/// </summary>
internal static class BatchScenario
{
    /// <summary>
    /// Calls of the batch path before the timed ones: a method runs about 30 times before it is compiled again with
    /// instrumentation, and about 30 more before its optimized version; 100 leaves room for the background compiler's delays.
    /// </summary>
    private const int WarmupBatches = 100;

    /// <summary>
    /// The warm-up batches' size at most: the calls matter, not the tasks, and 100 × 100 fit in the 60,000 a full run's
    /// backlog leaves.
    /// </summary>
    private const int WarmupBatchSize = 100;

    public static async Task<BatchResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var total = settings.Tasks;
        var size = Math.Clamp(settings.BatchSize, 1, 1000);
        var batches = (total + size - 1) / size;
        var latencies = new List<double>(batches);
        var created = 0;
        var next = -1;
        var warmed = settings.WarmupTasks > 0 ? await WarmUpAsync(context, total, size, cancellationToken) : 0;
        var jitBefore = await JitActivity.ReadAsync(context.Cluster, cancellationToken);

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
        var jitAfter = await JitActivity.ReadAsync(context.Cluster, cancellationToken);
        context.Pending += created;
        var after = await context.Work.ReadAsync(cancellationToken);
        return new BatchResult(total, size, Math.Max(1, settings.BatchClients), batches, created, Math.Round(seconds, 3), Math.Round(total / seconds, 1),
            Percentiles.Of(latencies), DurableWorkProbe.Delta(before, after, created), cpu, warmed, jitAfter.Methods - jitBefore.Methods);
    }

    /// <summary>The untimed batches (see the class); answers how many tasks they sent.</summary>
    private static async Task<int> WarmUpAsync(ScenarioContext context, int total, int size, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var warmupSize = Math.Min(size, WarmupBatchSize);
        var room = Math.Max(settings.WarmupTasks, settings.Backlog - context.Pending - total); // keeps the backlog's figure exact
        var sent = 0;
        for (var batch = 0; sent < settings.WarmupTasks || (batch < WarmupBatches && sent + warmupSize <= room); batch++)
        {
            context.Pending += await context.Cluster.SubmitBatchAsync(0, context.BacklogQueue, -sent - warmupSize, warmupSize, cancellationToken);
            sent += warmupSize;
        }

        return sent;
    }
}
