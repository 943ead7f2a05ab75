namespace Claw.Tests.Infrastructure;

/// <summary>
/// Tests that SIGKILL silo processes and hold the cluster to time budgets run alone, after the parallel tests: the
/// budgets are the cluster's own (dead-silo detection, reminder periods), not those of a machine shared with other suites.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloKillCollection
{
    public const string Name = "silo kills";
}
