using System.Collections.Immutable;
using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Claw.Tests.Faults;

/// <summary>The verdict of one checker run.</summary>
public sealed record CheckerReport(
    int Tasks, int Completed, int FailedByPolicy, int Lost, int Duplicated, int StaleAccepted, int TimelineMismatches,
    int FaultsInjected, int OtherResultAccepted, IReadOnlyDictionary<string, int> Refusals, TimeSpan Elapsed,
    IReadOnlyList<string> LostSample, int? OpenAtFault = null, int? LeasedAtFault = null)
{
    public override string ToString() =>
        $"tasks {Tasks}, completed {Completed}, failed by policy {FailedByPolicy}, lost {Lost}, duplicated {Duplicated}, " +
        $"stale accepted {StaleAccepted}, timeline mismatches {TimelineMismatches}, faults injected {FaultsInjected}, " +
        $"other-result accepted {OtherResultAccepted}, refusals [{string.Join(", ", Refusals.OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value}"))}], " +
        $"{Elapsed.TotalSeconds:F1} s" + (OpenAtFault is { } open ? $", mid-run fault with {open} tasks open, {LeasedAtFault} leased" : "") + (LostSample.Count > 0 ? $"; not ended: {string.Join("; ", LostSample)}" : "");
}

/// <summary>
/// Runs N tasks through workers that randomly crash, stall past their lease (zombies), fail, release and resubmit
/// results, then checks the history: every task completed exactly once or failed by policy, no completion from a stale
/// lease accepted, and every timeline agreeing with its final state. N, the seed and the fault mix are parameters, so
/// the same checker runs longer outside the test suite (CLAW_CHECKER_TASKS, CLAW_CHECKER_SEED).
/// </summary>
public sealed class HistoryChecker(IGrainFactory grains, int tasks, int workers, int seed, int maxRetries = 25)
{
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(2.5);
    public const int TimeoutSeconds = 2;

    public Func<Task>? MidRunFault { get; init; }

    public async Task<CheckerReport> RunAsync(TimeSpan deadline)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var queue = "checker-" + seed + "-" + Guid.NewGuid().ToString("N")[..6];
        var random = new Random(seed);
        var ids = new List<string>();
        foreach (var batch in Enumerable.Range(0, tasks).Chunk(50))
        {
            var submitted = await Task.WhenAll(batch.Select(i => grains.GetGrain<ITaskGrain>($"chk-{queue}-{i}").SubmitAsync(Submission(queue))));
            ids.AddRange(submitted.Select(s => s.Task.Id));
        }

        var ledger = new WorkLedger();
        using var stop = new CancellationTokenSource(deadline);
        var finished = 0;
        var workerRuns = Enumerable.Range(0, workers).Select(w =>
        {
            var own = new Random(random.Next());
            WorkerMove Choose()
            {
                lock (own)
                {
                    return own.Next(100) switch
                    {
                        < 3 => WorkerMove.Crash,
                        < 8 => WorkerMove.Stall,
                        < 16 => WorkerMove.FailRetriable,
                        < 21 => WorkerMove.Release,
                        < 31 => WorkerMove.CompleteTwice,
                        _ => WorkerMove.Complete,
                    };
                }
            }

            return new GrainWorker(grains, queue, $"chk-worker-{queue}-{w}", Choose, Stall, ledger).RunAsync(() => Volatile.Read(ref finished) == 1, stop.Token);
        }).ToList();

        (int Open, int Leased)? atFault = null;
        if (MidRunFault is { } fault)
        {
            // The fault strikes work in flight: once a fifth of the tasks ended (the workers run), while others are leased.
            var before = await Eventually.Until(
                async () => await ReadAllAsync(ids) ?? [],
                all => all.Count(v => v.Status.IsTerminal()) >= ids.Count / 5 && all.Any(v => v.Status is ClawTaskStatus.Assigned or ClawTaskStatus.InProgress),
                deadline,
                "a fifth of the tasks to end while others are leased");
            atFault = (before.Count(v => !v.Status.IsTerminal()), before.Count(v => v.Status is ClawTaskStatus.Assigned or ClawTaskStatus.InProgress));
            await fault();
        }

        List<TaskView> views = [];
        await Eventually.Until(
            async () => views = await ReadAllAsync(ids) ?? views,
            all => (all.Count == ids.Count && all.All(v => v.Status.IsTerminal())) || stop.IsCancellationRequested,
            deadline,
            "every task to end");
        Volatile.Write(ref finished, 1);
        await Task.WhenAll(workerRuns);
        return await JudgeAsync(views, ledger, clock.Elapsed) with { OpenAtFault = atFault?.Open, LeasedAtFault = atFault?.Leased };
    }

    private async Task<CheckerReport> JudgeAsync(IReadOnlyList<TaskView> views, WorkLedger ledger, TimeSpan elapsed)
    {
        int completed = 0, failed = 0, lost = 0, duplicated = 0, stale = 0, mismatched = 0;
        var lostSample = new List<string>();
        foreach (var view in views)
        {
            var timeline = await grains.GetGrain<ITaskGrain>(view.Id).GetTimelineAsync();
            var accepted = ledger.Accepted.TryGetValue(view.Id, out var leases) ? leases.ToList() : [];
            switch (view.Status)
            {
                case ClawTaskStatus.Completed:
                    completed++;
                    var completions = timeline.Where(e => e.Type == "completed").ToList();
                    duplicated += completions.Count > 1 || accepted.Count > 1 ? 1 : 0;
                    stale += accepted.Count(lease => lease != view.LeaseId);
                    mismatched += completions.Count != 1 || completions[0].LeaseId != view.LeaseId || LastEnd(timeline) != "completed" ? 1 : 0;
                    break;
                case ClawTaskStatus.Failed:
                    failed++;
                    stale += accepted.Count; // a failed task accepted no completion
                    mismatched += timeline.Count(e => e.Type == "retry_scheduled") != maxRetries || LastEnd(timeline) != "failed" ? 1 : 0;
                    break;
                default:
                    lost++;
                    if (lostSample.Count < 5)
                    {
                        lostSample.Add($"{view.Id} {view.Status} attempt {view.Attempt} lease {view.LeaseId} node {view.NodeId} " +
                                       $"available {view.AvailableAt:O} updated {view.UpdatedAt:O}: {string.Join(", ", timeline.TakeLast(4).Select(e => e.Type))}");
                    }

                    break;
            }
        }

        return new CheckerReport(views.Count, completed, failed, lost, duplicated, stale, mismatched, ledger.Injected, ledger.OtherResultAccepted,
            ledger.Refusals.ToDictionary(), elapsed, lostSample);
    }

    private static string? LastEnd(ImmutableArray<TaskEvent> timeline) =>
        timeline.LastOrDefault(e => e.Type is "completed" or "failed" or "cancelled" or "retry_scheduled")?.Type;

    /// <summary>Every task's view, or null when the cluster could not answer this round (mid-fault).</summary>
    private async Task<List<TaskView>?> ReadAllAsync(List<string> ids)
    {
        var views = new List<TaskView>(ids.Count);
        foreach (var batch in ids.Chunk(100))
        {
            try
            {
                views.AddRange((await Task.WhenAll(batch.Select(id => grains.GetGrain<ITaskGrain>(id).GetAsync()))).OfType<TaskView>());
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                return null;
            }
        }

        return views;
    }

    private TaskSubmission Submission(string queue) => new(
        queue, "checker", """{"work":1}""", TaskPriority.Normal, TaskRequirements.None, TimeoutSeconds, maxRetries,
        new RetryBackoff(0, 1, 0), null, false, null, null, DispatchMode.Auto, null, "checker-" + seed, null);
}
