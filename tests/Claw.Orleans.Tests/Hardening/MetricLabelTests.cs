using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Claw.Grains.Telemetry;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Claw.Tests.Hardening;

/// <summary>
/// Issue 23, part 6: client-chosen queue names become metric labels only up to a bound (the configured ones plus the
/// first few a silo meets); every other queue is counted as <c>other</c>, so 500 queues never make 500 series.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed partial class MetricLabelTests(HardeningFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public void The_configured_queues_and_the_first_ones_met_keep_their_label_and_the_rest_are_other()
    {
        var labels = new QueueLabels(new TelemetryOptions { QueueLabels = ["billing"], MaxQueueLabels = 2 });
        Assert.Equal("a", labels.Of("a"));
        Assert.Equal("b", labels.Of("b"));
        Assert.Equal("other", labels.Of("c"));
        Assert.Equal("billing", labels.Of("billing"));
        Assert.Equal("a", labels.Of("a"));
        Assert.Equal("other", labels.Of(null));
        Assert.Equal("other", labels.Of("d"));
    }

    [Fact]
    public void Every_counter_by_queue_and_the_depth_gauge_pass_through_the_bound()
    {
        using var meters = new TestMeterFactory();
        var metrics = new ClawMetrics(meters, Options.Create(new TelemetryOptions { MaxQueueLabels = 1 }));
        var seen = new List<(string Instrument, string? Label)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (meters.Owns(instrument.Meter)) // not the running host's meter of the same name
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => seen.Add((i.Name, Label(tags, "queue"))));
        listener.SetMeasurementEventCallback<int>((i, _, tags, _) => seen.Add((i.Name, Label(tags, "partition"))));
        listener.Start();

        foreach (var queue in new[] { "first", "second", "third" })
        {
            metrics.TasksSubmitted.Add(1, new KeyValuePair<string, object?>("queue", queue));
            metrics.TasksCompleted.Add(1, new KeyValuePair<string, object?>("queue", queue));
            metrics.ReportQueueDepth(queue + "/0", 5);
        }

        listener.RecordObservableInstruments();
        Assert.Equal(["first", "other", "other"], seen.Where(s => s.Instrument == "claw.tasks.submitted").Select(s => s.Label));
        Assert.Equal(["first", "other", "other"], seen.Where(s => s.Instrument == "claw.tasks.completed").Select(s => s.Label));
        Assert.Equal(["first/0", "other"], seen.Where(s => s.Instrument == "claw.queue.depth").Select(s => s.Label).Order());
    }

    [Fact]
    public async Task Five_hundred_queues_make_at_most_the_bounded_series_on_the_metrics_endpoint()
    {
        var queues = Enumerable.Range(0, 500).Select(_ => ClawApi.NewId("lbl")).Append(HardeningFixture.ConfiguredQueue).ToList();
        foreach (var chunk in queues.Chunk(25))
        {
            await Task.WhenAll(chunk.Select(q => _api.SubmitAsync(q)));
        }

        var text = await Eventually.Until(
            async () => await (await _api.Http.GetAsync("/metrics")).Content.ReadAsStringAsync(),
            body => body.Contains("queue=\"other\"", StringComparison.Ordinal) && body.Contains($"queue=\"{HardeningFixture.ConfiguredQueue}\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "the submitted counter with the other label");
        var labels = SubmittedQueueLabel().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("other", labels);
        Assert.Contains(HardeningFixture.ConfiguredQueue, labels);
        Assert.True(labels.Count <= HardeningFixture.MaxQueueLabels + 2, $"{labels.Count} queue labels: {string.Join(", ", labels)}");
        var partitions = DepthPartitionLabel().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(partitions.Count <= HardeningFixture.MaxQueueLabels + 2, $"{partitions.Count} depth partitions: {string.Join(", ", partitions)}");
    }

    private static string? Label(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    [GeneratedRegex("""claw_tasks_submitted_total\{[^}]*queue="([^"]*)"[^}]*\}""")]
    private static partial Regex SubmittedQueueLabel();

    [GeneratedRegex("""claw_queue_depth\{[^}]*partition="([^"]*)"[^}]*\}""")]
    private static partial Regex DepthPartitionLabel();

    /// <summary>A meter factory of its own, so these measurements meet no host's.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public bool Owns(Meter meter) => _meters.Contains(meter);

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
