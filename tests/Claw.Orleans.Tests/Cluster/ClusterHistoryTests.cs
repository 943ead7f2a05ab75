using Claw.Tests.Cluster.History;
using Claw.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Claw.Tests.Cluster;

/// <summary>
/// The cluster history check: three silo processes on one PostgreSQL database, thousands of short-leased tasks, HTTP
/// workers that abandon, answer late and answer twice, and a SIGKILL of one silo every 20–30 s; with flow control on: the
/// queue capped (high enough to admit all) with a concurrency lane, a quarter of the tasks under concurrency keys with a
/// limit, and the breakers at their default threshold (a short cooldown, so they open and close). Run it larger with
/// <c>bench/kill-run.sh</c> (the same code, sized by <c>CLAW_KILLRUN_*</c>).
/// </summary>
[Collection(SiloKillCollection.Name)]
public sealed class ClusterHistoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_silos_every_half_minute_ends_every_task_once_and_never_leaves_a_lease_overdue()
    {
        var settings = KillRunSettings.FromEnvironment();
        await using var postgres = await PostgresDatabase.CreateAsync();
        var report = await new KillRun(settings, postgres.ConnectionString, output.WriteLine).RunAsync();
        var summary = report.Summary();
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("CLAW_KILLRUN_REPORT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, summary);
        }

        Assert.Equal(settings.Tasks, report.Submitted);
        Assert.True(report.NotCompleted.Count == 0, "tasks did not complete:\n" + summary);
        Assert.True(report.CompletedNotOnce.Count == 0, "tasks completed other than once:\n" + summary);
        Assert.True(report.AcceptedFromTwoLeases.Count == 0, "results accepted from two leases:\n" + summary);
        Assert.True(report.AcceptedNotFinal.Count == 0, "a result was accepted from a lease that is not the task's final one:\n" + summary);
        Assert.True(report.LateAccepted.Count == 0, "results accepted after their lease's deadline:\n" + summary);
        Assert.True(report.ServerErrors == 0, "answers of 500 or above other than 503:\n" + summary);
        Assert.True(report.OverdueViolations.Count == 0, "leased tasks stayed past their deadline longer than the budget:\n" + summary);
        Assert.True(report.HeldSlots.Count == 0, "nodes still hold slots for leases that ended:\n" + summary);
        Assert.True(report.Flow.MaxLeasedPerKey <= settings.KeyLimit, "a concurrency key had more leases at once than its limit:\n" + summary);

        // The run proves something only if silos died under work in flight and the faults were really injected.
        Assert.True(report.Kills.Count >= 3, "fewer than three silos were killed (a kill waits for leased tasks):\n" + summary);
        Assert.True(report.Ledger.Abandoned > 0 && report.Ledger.AnsweredLate > 0 && report.Ledger.AnsweredTwice > 0, "a worker fault was never injected:\n" + summary);
        Assert.True(report.Flow.BreakersOpened > 0 && report.Flow.MaxLeasedPerKey > 0, "flow control never acted (no breaker opened or no keyed task leased):\n" + summary);
        Assert.True(report.Ledger.Refusals.ContainsKey("lease_expired") || report.Ledger.Refusals.ContainsKey("stale_lease"), "no late result was ever refused:\n" + summary);
    }
}
