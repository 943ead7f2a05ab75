namespace Claw.Bench.Results;

/// <summary>A statement the silos ran during a scenario, per completed task.</summary>
internal sealed record StatementShare(string Query, double PerTask);
