using System.Diagnostics;
using Claw.Abstractions.Monitoring;
using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Swarms;
using Claw.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Claw.Grains.Monitoring;

/// <summary>
/// Swarm-wide health and the monitoring status: gathers the figures (tables, the events window, the cluster's silos,
/// the storage probe) and asks <see cref="SwarmWideJudge"/> and <see cref="MonitoringJudge"/> for the verdicts. A
/// stateless worker: any silo answers, and nothing here is on the per-task path.
/// </summary>
[StatelessWorker]
public sealed class MonitoringGrain(
    ClawDatabase database,
    WriteBatcher batcher,
    IOptions<MonitoringOptions> options,
    TimeProvider time) : Grain, IMonitoringGrain
{
    private readonly MonitoringQueries _queries = new(database);

    public async Task<SwarmWideHealth> GetSwarmHealthAsync()
    {
        var now = time.GetUtcNow();
        var tables = await _queries.TablesAsync(now);
        var ids = await _queries.ActiveSwarmsAsync(SwarmWideJudge.MaxSwarmsJudged);
        var swarms = new List<SwarmHealth>(ids.Count);
        foreach (var chunk in ids.Chunk(20)) // bounded fan-out: twenty swarms at a time
        {
            swarms.AddRange(await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<ISwarmGrain>(id).GetHealthAsync())));
        }

        return SwarmWideJudge.Judge(tables, swarms, now);
    }

    public async Task<MonitoringStatus> GetStatusAsync(GatewayFigures gateway)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromSeconds(Math.Max(1, options.Value.WindowSeconds));
        var started = Stopwatch.GetTimestamp();
        var probe = await database.ProbeAsync(CancellationToken.None);
        var probeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var thresholds = GrainFactory.GetGrain<IAlertThresholdsGrain>(IAlertThresholdsGrain.Key).GetAsync();
        var hosts = GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        var sessions = GrainFactory.GetGrain<ISessionDirectoryGrain>(0).ListAsync();
        var openClaw = OpenClawStatusAsync();
        var tables = TableFigures.Empty;
        var recent = WindowFigures.Empty;
        if (probe.Healthy)
        {
            tables = await _queries.TablesAsync(now);
            recent = await _queries.WindowAsync(now - window);
        }

        var silos = await hosts;
        var figures = new StatusFigures(
            probe.Healthy, probe.Detail, Math.Round(probeMs, 1), batcher.Queued,
            silos.Count(s => s.Value == SiloStatus.Active), silos.Count(s => s.Value == SiloStatus.Dead),
            tables, recent, (await sessions).Length, gateway, await openClaw);
        AlertThresholds inForce;
        try
        {
            inForce = (await thresholds).Thresholds;
        }
        catch (Exception) when (!probe.Healthy)
        {
            inForce = AlertThresholds.Default; // the thresholds live in the storage that does not answer: judge by the defaults
        }

        var subsystems = MonitoringJudge.Subsystems(figures, inForce);
        return new MonitoringStatus(MonitoringJudge.Overall(subsystems), now, (int)window.TotalSeconds, subsystems, inForce);
    }

    /// <summary>The gateways, instances and pool, or null when the directory cannot answer (its storage is judged apart).</summary>
    private async Task<OpenClawStatus?> OpenClawStatusAsync()
    {
        try
        {
            return await GrainFactory.GetGrain<IOpenClawDirectoryGrain>(OpenClawNames.DirectoryKey).StatusAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }
}
