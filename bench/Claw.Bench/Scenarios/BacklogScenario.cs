using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>
/// The latency scenario again while B tasks sit pending in a queue no worker serves (the submit scenario's tasks
/// count towards B), to show that dispatch cost does not grow with what waits elsewhere.
/// </summary>
internal static class BacklogScenario
{
    private const int FillClients = 64;

    public static async Task<BacklogResult> RunAsync(ScenarioContext context, LatencyResult? empty, CancellationToken cancellationToken)
    {
        var missing = Math.Max(0, context.Settings.Backlog - context.Pending);
        var submitter = new Submitter(context.Cluster, context.BacklogQueue, FillClients);
        double fillSeconds;
        using (Submitter.Show("backlog fill", submitter, missing))
        {
            (fillSeconds, _) = await submitter.RunAsync(missing, recordLatency: false, cancellationToken);
        }

        context.Pending += submitter.Submitted;
        var latency = await LatencyScenario.RunAsync(context, "backlog", cancellationToken);
        return new BacklogResult(
            context.Pending,
            Math.Round(fillSeconds, 1),
            latency,
            empty is null ? null : Math.Round(latency.Received.P99Ms / empty.Received.P99Ms, 2),
            empty is null ? null : Math.Round(latency.Received.P50Ms / empty.Received.P50Ms, 2));
    }
}
