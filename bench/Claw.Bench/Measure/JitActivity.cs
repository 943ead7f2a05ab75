using Claw.Bench.Cluster;

namespace Claw.Bench.Measure;

/// <summary>
/// How many methods the silos' JIT has compiled so far (the runtime's <c>dotnet_jit_compiled_methods_total</c>, summed
/// over silos): a warm-up that goes on until this stops growing measures the silo's steady state, not its compiler.
/// </summary>
internal static class JitActivity
{
    private const string Metric = "dotnet_jit_compiled_methods_total";

    /// <summary>The silos' total, or null when no silo publishes it.</summary>
    public static async Task<double?> CompiledMethodsAsync(ClawCluster cluster, CancellationToken cancellationToken) =>
        PrometheusText.Sum(await cluster.ScrapeMetricsAsync(cancellationToken), Metric);
}
