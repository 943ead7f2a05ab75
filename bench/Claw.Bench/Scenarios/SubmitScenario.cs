using Claw.Bench.Measure;
using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>
/// One-at-a-time submits from C concurrent clients: submits/s and each submit's latency (request sent → 201 read).
/// The tasks go to the queue nobody serves, where they become part of the backlog scenario's pending tasks.
/// </summary>
internal static class SubmitScenario
{
    public static async Task<SubmitResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var submitter = new Submitter(context.Cluster, context.BacklogQueue, settings.Clients);
        var cpuStart = CpuMonitor.Now;
        double seconds;
        List<double> latencies;
        using (Submitter.Show("submit", submitter, settings.Tasks))
        {
            (seconds, latencies) = await submitter.RunAsync(settings.Tasks, recordLatency: true, cancellationToken);
        }

        context.Pending += submitter.Submitted;
        return new SubmitResult(settings.Tasks, settings.Clients, Math.Round(seconds, 3), Math.Round(settings.Tasks / seconds, 1),
            Percentiles.Of(latencies), context.Cpu.Window(cpuStart, CpuMonitor.Now));
    }
}
