using Claw.Bench.Measure;
using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>
/// The latency scenario again while B tasks sit pending in a queue no worker serves (the submit scenario's tasks
/// count towards B), to show that dispatch cost does not grow with what waits elsewhere: straight after the fill, and
/// again once the system has settled as it had before the empty system's run.
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
        var afterFill = await LatencyScenario.RunAsync(context, "backlog-fresh", cancellationToken);
        var settleSeconds = await DatabaseSettle.SettleAsync(context.Settings.Postgres, cancellationToken);
        var latency = await LatencyScenario.RunAsync(context, "backlog", cancellationToken);
        return new BacklogResult(
            context.Pending,
            Math.Round(fillSeconds, 1),
            afterFill,
            Ratio(afterFill.Received.P99Ms, empty?.Received.P99Ms),
            settleSeconds,
            latency,
            Ratio(latency.Received.P99Ms, empty?.Received.P99Ms),
            Ratio(latency.Received.P50Ms, empty?.Received.P50Ms));
    }

    private static double? Ratio(double value, double? reference) => reference is { } r ? Math.Round(value / r, 2) : null;
}
