using System.Diagnostics;
using Claw.Bench.Cluster;
using Claw.Bench.Measure;
using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>
/// One idle node connected over WebSocket; tasks submitted one at a time, each after the previous is completed and a
/// random pause of up to the gap (as the peers' latency scripts do, so arrivals are not in lock-step with anything).
/// Received: submit sent → <c>task_assigned</c> read. Completed: submit sent → <c>task_complete</c> sent and the task
/// read back <c>completed</c> (the task grain writes before it answers). The first 50 tasks warm up and are not counted.
/// </summary>
internal static class LatencyScenario
{
    private const int Warmup = 50;

    /// <summary>One run; with <paramref name="countWork"/> the work counters are read before and after it (per task).</summary>
    public static async Task<LatencyResult> RunAsync(ScenarioContext context, string label, CancellationToken cancellationToken, bool countWork = false)
    {
        var settings = context.Settings;
        var cluster = context.Cluster;
        var queue = $"lat-{context.RunId}-{label}";
        var node = $"lat-node-{context.RunId}-{label}";
        await cluster.RegisterNodeAsync(0, node, cancellationToken);
        using var channel = await ControlChannel.OpenAsync(cluster.ControlUri(0, node, queue), cluster.Bearer, cancellationToken);

        var received = new List<double>(settings.LatencyTasks);
        var completed = new List<double>(settings.LatencyTasks);
        var total = settings.LatencyTasks + Warmup;
        var done = 0;
        var before = countWork ? await context.Work.ReadAsync(cancellationToken) : null;
        var cpuStart = CpuMonitor.Now;
        using (Progress.Start(label, () => $"{Volatile.Read(ref done):N0}/{total:N0} tasks, received p50 so far {SoFar(received):F2} ms"))
        {
            for (var i = 0; i < total; i++)
            {
                var clock = Stopwatch.StartNew();
                var submit = cluster.SubmitAsync(i, queue, cancellationToken);
                var frame = await ReceiveAssignmentAsync(channel, cancellationToken);
                var toReceived = clock.Elapsed.TotalMilliseconds;
                await submit;
                await channel.CompleteAsync(frame, cancellationToken);
                var taskId = frame.String("task_id")!;
                while (await cluster.TaskStatusAsync(i, taskId, cancellationToken) != "completed")
                {
                }

                var toCompleted = clock.Elapsed.TotalMilliseconds;
                if (i >= Warmup)
                {
                    lock (received)
                    {
                        received.Add(toReceived);
                    }

                    completed.Add(toCompleted);
                }

                Volatile.Write(ref done, i + 1);
                await Task.Delay(Random.Shared.Next(0, settings.LatencyGapMs + 1), cancellationToken);
            }
        }

        var cpu = context.Cpu.Window(cpuStart, CpuMonitor.Now);
        var work = before is null ? null : DurableWorkProbe.Delta(before, await context.Work.ReadAsync(cancellationToken), total);
        return new LatencyResult(settings.LatencyTasks, Warmup, settings.LatencyGapMs, context.Pending,
            Percentiles.Of(received), Percentiles.Of(completed), cpu, work);
    }

    private static double SoFar(List<double> received)
    {
        lock (received)
        {
            return Stats.Percentile([.. received], 0.5);
        }
    }

    private static async Task<InboundFrame> ReceiveAssignmentAsync(ControlChannel channel, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await channel.ReceiveAsync(cancellationToken);
            if (frame.Type == "task_assigned")
            {
                return frame;
            }

            if (frame.Type is "error" or "result_rejected")
            {
                throw new InvalidOperationException($"the server answered {frame}");
            }
        }
    }
}
