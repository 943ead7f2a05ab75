using Claw.Bench.Measure;
using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>
/// Submit N no-op tasks with C clients, then drain them with W workers, as the peers' queue benchmarks do (enqueue
/// everything, then start the workers). Durable work is counted from before the first submit to after the last completion.
/// </summary>
internal static class ThroughputScenario
{
    public static async Task<ThroughputResult> RunAsync(ScenarioContext context, string variant, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var label = $"throughput/{variant}";
        var queue = $"tp-{variant}-{context.RunId}";
        var nodes = Enumerable.Range(0, settings.Workers).Select(w => $"tp-{variant}-{context.RunId}-{w}").ToList();
        await context.Cluster.RegisterNodesAsync(nodes, cancellationToken);
        var before = await context.Work.ReadAsync(cancellationToken);

        var cpuStart = CpuMonitor.Now;
        var submitter = new Submitter(context.Cluster, queue, settings.Clients);
        double submitSeconds;
        using (Submitter.Show(label, submitter, settings.Tasks))
        {
            (submitSeconds, _) = await submitter.RunAsync(settings.Tasks, recordLatency: false, cancellationToken);
        }

        IDrain drain = variant == "ws" ? new WsDrain(context.Cluster, queue, nodes) : new HttpDrain(context.Cluster, queue, nodes);
        DrainOutcome outcome;
        using (Progress.Start(label, () => $"submitted {settings.Tasks:N0} in {submitSeconds:F1} s; completed {drain.Completed:N0}/{settings.Tasks:N0}"))
        {
            outcome = await drain.RunAsync(settings.Tasks, settings.PhaseTimeout, cancellationToken);
        }

        var cpu = context.Cpu.Window(cpuStart, CpuMonitor.Now);
        var after = await context.Work.ReadAsync(cancellationToken);
        return new ThroughputResult(
            variant,
            settings.Tasks,
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
            cpu);
    }
}
