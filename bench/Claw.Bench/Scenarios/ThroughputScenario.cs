using Claw.Bench.Measure;
using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>
/// Submit N no-op tasks with C clients, then drain them with W workers, as the peers' queue benchmarks do (enqueue
/// everything, then start the workers). Durable work is counted from before the first submit to after the last completion.
/// A smaller untimed pass through the same variant goes first, so the figure is the warm silo's, not its JIT's.
/// </summary>
internal static class ThroughputScenario
{
    public static async Task<ThroughputResult> RunAsync(ScenarioContext context, string variant, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        double? warmupRate = null;
        if (settings.WarmupTasks > 0)
        {
            var (_, warmup, _) = await PassAsync(context, variant, "warmup", settings.WarmupTasks, cancellationToken);
            warmupRate = Math.Round(warmup.Completed / warmup.Seconds, 1);
        }

        var before = await context.Work.ReadAsync(cancellationToken);
        var cpuStart = CpuMonitor.Now;
        var (submitSeconds, outcome, cpuPerTask) = await PassAsync(context, variant, "tp", settings.Tasks, cancellationToken);
        var cpu = context.Cpu.Window(cpuStart, CpuMonitor.Now);
        var after = await context.Work.ReadAsync(cancellationToken);
        return new ThroughputResult(
            variant,
            settings.Tasks,
            settings.WarmupTasks,
            warmupRate,
            settings.Workers,
            settings.Clients,
            Submitter.Mode,
            Math.Round(submitSeconds, 3),
            Math.Round(settings.Tasks / submitSeconds, 1),
            Math.Round(outcome.Seconds, 3),
            outcome.Completed,
            Math.Round(outcome.Completed / outcome.Seconds, 1),
            Math.Round(submitSeconds + outcome.Seconds, 3),
            outcome.TimedOut,
            outcome.Rejected,
            DurableWorkProbe.Delta(before, after, outcome.Completed),
            cpu,
            cpuPerTask);
    }

    /// <summary>Submits <paramref name="tasks"/> to a queue and nodes of their own, then drains them; the processes' CPU per task over the drain.</summary>
    private static async Task<(double SubmitSeconds, DrainOutcome Outcome, CpuPerTask CpuPerTask)> PassAsync(
        ScenarioContext context, string variant, string pass, int tasks, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var label = $"throughput/{variant}" + (pass == "tp" ? "" : $" ({pass})");
        var queue = $"{pass}-{variant}-{context.RunId}";
        var nodes = Enumerable.Range(0, settings.Workers).Select(w => $"{pass}-{variant}-{context.RunId}-{w}").ToList();
        await context.Cluster.RegisterNodesAsync(nodes, cancellationToken);

        var submitter = new Submitter(context.Cluster, queue, settings.Clients);
        double submitSeconds;
        using (Submitter.Show(label, submitter, tasks))
        {
            (submitSeconds, _) = await submitter.RunAsync(tasks, recordLatency: false, cancellationToken);
        }

        IDrain drain = variant == "ws" ? new WsDrain(context.Cluster, queue, nodes) : new HttpDrain(context.Cluster, queue, nodes);
        using (Progress.Start(label, () => $"submitted {tasks:N0} in {submitSeconds:F1} s; completed {drain.Completed:N0}/{tasks:N0}"))
        {
            // The scrapes of the JIT's counters stay outside the CPU readings, so their cost is not the drain's.
            var jitBefore = await JitActivity.ReadAsync(context.Cluster, cancellationToken);
            var cpuBefore = ProcessCpu.Read(settings.SiloPids, settings.Postgres is not null);
            var outcome = await drain.RunAsync(tasks, settings.PhaseTimeout, cancellationToken);
            var cpuAfter = ProcessCpu.Read(settings.SiloPids, settings.Postgres is not null);
            var jitAfter = await JitActivity.ReadAsync(context.Cluster, cancellationToken);
            return (submitSeconds, outcome, ProcessCpu.PerTask(cpuBefore, cpuAfter, jitAfter.Seconds - jitBefore.Seconds, outcome.Completed));
        }
    }
}
