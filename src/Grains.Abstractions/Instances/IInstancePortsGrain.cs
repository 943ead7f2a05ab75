using System.Collections.Immutable;

namespace Claw.Abstractions.Instances;

/// <summary>
/// The loopback ports of <c>Claw:Instances:PortRange</c>, one per instance, handed out by one grain so no two instances
/// (on any silo of the machine) get the same port.
/// </summary>
[Alias("claw.IInstancePortsGrain")]
public interface IInstancePortsGrain : IGrainWithStringKey
{
    const string Key = "instance-ports";

    /// <summary>The instance's port (the one it has, unless listed in <paramref name="avoid"/>: taken by something else); 409 <c>ports_exhausted</c> when none is free.</summary>
    [Alias("allocate")]
    Task<int> AllocateAsync(string instanceId, ImmutableArray<int> avoid);

    [Alias("release")]
    Task ReleaseAsync(string instanceId);
}
