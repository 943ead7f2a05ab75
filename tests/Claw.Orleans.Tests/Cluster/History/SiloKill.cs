namespace Claw.Tests.Cluster.History;

/// <summary>
/// One silo kill: when, which silo, how much work was open at that moment (from the tasks table), how long the
/// cluster took to declare the killed silo dead (null: not within two minutes) and the restart took.
/// </summary>
public sealed record SiloKill(TimeSpan At, int Silo, int OpenTasks, int LeasedTasks, int CompletesInFlight, TimeSpan? DeclaredDeadAfter, TimeSpan RestartTook);
