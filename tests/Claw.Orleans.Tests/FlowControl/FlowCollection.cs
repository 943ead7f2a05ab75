namespace Claw.Tests.FlowControl;

/// <summary>
/// Runs alone: its tests read counters from <c>/metrics</c>, and a host disposed by a parallel test would take the
/// series this host's meter shares with it (see <see cref="Claw.Tests.Gateway.MetricsEndpointTests"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FlowCollection : ICollectionFixture<FlowFixture>
{
    public const string Name = "flow-control";
}
