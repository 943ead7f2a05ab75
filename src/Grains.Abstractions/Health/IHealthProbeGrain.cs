namespace Claw.Abstractions.Health;

/// <summary>
/// Answers readiness probes from inside the cluster: that a grain call is served at all, and that the silo's
/// storage answers a round trip. A stateless worker, so probes never queue behind one activation.
/// </summary>
[Alias("claw.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Runs a storage round trip on the silo that serves the call.</summary>
    [Alias("probe-storage")]
    Task<ProbeResult> ProbeStorageAsync();
}
