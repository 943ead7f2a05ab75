namespace Claw.Tests.Cluster.History;

/// <summary>What flow control did during a kill run: the most tasks of one key leased at once, and how often breakers opened.</summary>
public sealed record FlowFigures(int MaxLeasedPerKey, int BreakersOpened);
