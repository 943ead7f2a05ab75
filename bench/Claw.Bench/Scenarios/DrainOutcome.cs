namespace Claw.Bench.Scenarios;

/// <summary>How a drain ended: completions, the seconds to the last one, results the server refused.</summary>
internal sealed record DrainOutcome(int Completed, double Seconds, int Rejected, bool TimedOut);
