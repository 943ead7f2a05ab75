namespace Claw.Tests.Faults;

/// <summary>What a simulated worker does with one assignment.</summary>
public enum WorkerMove
{
    Complete,
    CompleteTwice,
    FailRetriable,
    Release,
    Stall,
    Crash,
}
