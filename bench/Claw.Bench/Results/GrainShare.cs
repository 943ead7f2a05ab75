namespace Claw.Bench.Results;

/// <summary>One grain (interface or class, as the silo's <c>claw_grain_calls_total</c> labels it) and its calls per task.</summary>
internal sealed record GrainShare(string Grain, double PerTask);
