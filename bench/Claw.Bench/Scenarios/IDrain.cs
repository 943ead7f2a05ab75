namespace Claw.Bench.Scenarios;

/// <summary>W workers taking pending tasks of one queue and completing each through its lease.</summary>
internal interface IDrain
{
    int Completed { get; }

    /// <summary>Runs until <paramref name="total"/> tasks are durably completed or <paramref name="timeout"/> passes.</summary>
    Task<DrainOutcome> RunAsync(int total, TimeSpan timeout, CancellationToken cancellationToken);
}
