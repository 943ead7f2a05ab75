using Claw.Bench.Cluster;

namespace Claw.Bench.Measure;

/// <summary>
/// What the silos' JIT has done so far (the runtime's <c>dotnet_jit_compiled_methods_total</c> and
/// <c>dotnet_jit_compilation_time_seconds_total</c>, summed over silos): how much it still compiled while a scenario was
/// timed, so a report shows when a figure measured the compiler rather than the silo's steady state.
/// </summary>
internal sealed record JitActivity(double? Methods, double? Seconds)
{
    /// <summary>One scrape of the silos; a part is null when no silo publishes it.</summary>
    public static async Task<JitActivity> ReadAsync(ClawCluster cluster, CancellationToken cancellationToken)
    {
        var metrics = await cluster.ScrapeMetricsAsync(cancellationToken);
        return new JitActivity(
            PrometheusText.Sum(metrics, "dotnet_jit_compiled_methods_total"), PrometheusText.Sum(metrics, "dotnet_jit_compilation_time_seconds_total"));
    }
}
