using Claw.Bench.Cli;
using Claw.Bench.Cluster;
using Claw.Bench.Measure;

namespace Claw.Bench.Scenarios;

/// <summary>What every scenario of one run shares: the settings, the silos, the probes, and names unique to the run.</summary>
internal sealed class ScenarioContext(RunSettings settings, ClawCluster cluster)
{
    public RunSettings Settings { get; } = settings;

    public ClawCluster Cluster { get; } = cluster;

    public CpuMonitor Cpu { get; } = new(settings.CpuLog);

    public DurableWorkProbe Work { get; } = new(cluster, settings.Postgres);

    /// <summary>Queue and node names start with a non-hex word (hex-looking keys collide in the ADO.NET storage).</summary>
    public string RunId { get; } = "r" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The queue nobody serves: the submit scenario's tasks stay there and count towards the backlog.</summary>
    public string BacklogQueue => $"backlog-{RunId}";

    /// <summary>Tasks left pending in <see cref="BacklogQueue"/> so far.</summary>
    public int Pending { get; set; }
}
