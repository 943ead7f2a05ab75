using Claw.Bench.Cluster;

namespace Claw.Bench.Measure;

/// <summary>
/// How many methods the silos' JIT has compiled so far (the runtime's <c>dotnet_jit_compiled_methods_total</c>, summed
/// over silos): how much the JIT still compiled while a scenario was timed, so a report shows when a figure measured
/// the compiler rather than the silo's steady state.
/// </summary>
internal static class JitActivity
{
    private const string Metric = "dotnet_jit_compiled_methods_total";

    /// <summary>The silos' total, or null when no silo publishes it.</summary>
    public static async Task<double?> CompiledMethodsAsync(ClawCluster cluster, CancellationToken cancellationToken) =>
        PrometheusText.Sum(await cluster.ScrapeMetricsAsync(cancellationToken), Metric);
}
