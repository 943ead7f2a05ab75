using System.Collections.Concurrent;
using System.Diagnostics;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Claw.Tests.Infrastructure;
using Claw.Tests.Storage;
using Orleans.Storage;

namespace Claw.Tests.Telemetry;

/// <summary>
/// The storage spans of group commit on real SQLite: writes of many traces share one transaction, whose span lives in
/// one of those traces and is linked with every other write, both ways.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CommitSpanTests : IDisposable
{
    private const int Rows = 6;

    private readonly ActivitySource _callers = new("Claw.Tests.Callers");
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public CommitSpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ClawTraces.SourceName or "Claw.Tests.Callers",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task A_shared_commit_hangs_from_one_traced_write_and_links_both_ways_with_the_others()
    {
        using var data = new TempDirectory();
        await using var harness = await StorageHarness.StartAsync(new ClawStorageOptions { DataDirectory = data.Path });
        var gate = Row("gate");
        var rows = Enumerable.Range(0, Rows).Select(i => Row($"row-{i}")).ToList();
        foreach (var row in rows.Prepend(gate))
        {
            await harness.WriteAsync(row.Id, row.State); // outside any trace: no span
        }

        Assert.Empty(_stopped);

        // The gate's write meets the lock and stays in flight; the rows' writes, each in a trace of its own, queue behind it.
        Task gateWrite;
        List<Task> writes;
        var callers = new List<Activity>();
        await using (await harness.BlockAsync(gate.Id.Key.ToString()!))
        {
            gateWrite = WriteTraced(harness, gate, callers);
            await Eventually.Until(() => Task.FromResult(harness.Batcher.Queued), q => q == 0, TimeSpan.FromSeconds(10), "the gate write to leave the queue");
            writes = [.. rows.Select(row => WriteTraced(harness, row, callers))];
            Assert.Equal(Rows, harness.Batcher.Queued);
        }

        await gateWrite;
        await Task.WhenAll(writes);

        // A commit's span ends just after its writes are answered.
        var spans = await Eventually.Until(
            () => Task.FromResult(_stopped.Where(s => s.Source.Name == ClawTraces.SourceName).ToList()),
            s => s.Count(c => c.OperationName == "claw.storage.commit") == 2, TimeSpan.FromSeconds(10), "both commit spans");
        var writeSpans = spans.Where(s => s.OperationName == "claw.storage.write").ToList();
        var commits = spans.Where(s => s.OperationName == "claw.storage.commit").ToList();
        Assert.Equal(Rows + 1, writeSpans.Count);
        Assert.Equal(2, commits.Count);

        // Every write span is a child of the caller that wrote it.
        Assert.All(writeSpans, w => Assert.Contains(callers, c => c.SpanId == w.ParentSpanId && c.TraceId == w.TraceId));

        var shared = Assert.Single(commits, c => (int)c.GetTagItem(ClawTraces.BatchSizeAttribute)! == Rows);
        var members = writeSpans.Where(w => (int)w.GetTagItem(ClawTraces.BatchSizeAttribute)! == Rows).ToList();
        Assert.Equal(Rows, members.Count);
        var lead = Assert.Single(members, w => w.SpanId == shared.ParentSpanId);
        Assert.Equal(lead.TraceId, shared.TraceId);
        var others = members.Where(w => w != lead).ToList();
        Assert.Equal(others.Select(w => w.SpanId.ToHexString()).Order(), shared.Links.Select(l => l.Context.SpanId.ToHexString()).Order());
        Assert.All(others, w => Assert.Equal(shared.SpanId, Assert.Single(w.Links).Context.SpanId));
        Assert.Empty(lead.Links);
        Assert.Equal("sqlite", shared.GetTagItem(ClawTraces.DatabaseSystemAttribute));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _callers.Dispose();
    }

    /// <summary>Writes the row from inside a caller's span, as a traced grain call does, and ends the caller's span.</summary>
    private Task WriteTraced(StorageHarness harness, (GrainId Id, GrainState<Claw.Tests.Storage.HarnessRow> State) row, List<Activity> callers)
    {
        using var caller = _callers.StartActivity("grain call", ActivityKind.Server, parentContext: default)!;
        callers.Add(caller);
        row.State.State!.Renewals++;
        return harness.WriteAsync(row.Id, row.State);
    }

    private static (GrainId Id, GrainState<Claw.Tests.Storage.HarnessRow> State) Row(string key) =>
        (StorageHarness.RowId($"lease-spans-{key}-{Guid.NewGuid():N}"), new GrainState<Claw.Tests.Storage.HarnessRow>(StorageHarness.Row($"task-{key}")));
}
