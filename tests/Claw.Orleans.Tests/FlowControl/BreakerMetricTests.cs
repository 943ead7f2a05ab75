using System.Diagnostics.Metrics;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Claw.Tests.FlowControl;

/// <summary>
/// <c>claw_breaker_state</c>: each breaker a silo's node grains report is one series by node and task type, gone when
/// the node's grain leaves the silo. Read from the meter itself (test hosts share one process, and with it the
/// Prometheus exporter's view of every host's meter of the same name).
/// </summary>
public sealed class BreakerMetricTests
{
    [Fact]
    public void Each_reported_breaker_is_a_series_by_node_and_task_type_until_its_node_is_forgotten()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new ClawMetrics(factory);
        var seen = new List<(int Value, string Node, string Type)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "claw.breaker.state" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
            seen.Add((value, (string)tags.ToArray().Single(t => t.Key == "node").Value!, (string)tags.ToArray().Single(t => t.Key == "task_type").Value!)));
        listener.Start();

        metrics.ReportBreaker("node-a", "bad", 2);
        metrics.ReportBreaker("node-a", "*", 0);
        metrics.ReportBreaker("node-b", "good", 1);
        listener.RecordObservableInstruments();
        Assert.Equal([(0, "node-a", "*"), (1, "node-b", "good"), (2, "node-a", "bad")], seen.OrderBy(s => s.Value));

        seen.Clear();
        metrics.ForgetBreakers("node-a");
        listener.RecordObservableInstruments();
        Assert.Equal([(1, "node-b", "good")], seen);
    }
}
