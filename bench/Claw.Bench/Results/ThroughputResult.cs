using Claw.Bench.Measure;

namespace Claw.Bench.Results;

/// <summary>
/// N no-op tasks submitted, then drained by W workers (<c>ws</c>: pushed over the control channel and answered with
/// <c>task_complete</c>; <c>http</c>: long-poll and complete through the lease). The drain clock starts when the
/// workers start (all tasks already pending) and stops when the last task is durably completed. <c>WarmupTasks</c> went
/// through the same variant just before; their drain rate, the colder figure, is kept beside it but compared with nothing.
/// <c>CpuPerTask</c>: CPU over the drain per completed task of the silos, PostgreSQL and the generator, from the
/// processes' own counters (null parts: not on this machine).
/// </summary>
internal sealed record ThroughputResult(
    string Variant,
    int Tasks,
    int WarmupTasks,
    double? WarmupCompletedPerSecond,
    int Workers,
    int Submitters,
    string SubmitMode,
    double SubmitSeconds,
    double SubmitsPerSecond,
    double DrainSeconds,
    int Completed,
    double CompletedPerSecond,
    double WallSeconds,
    bool TimedOut,
    int Rejected,
    DurableWork Work,
    CpuShare? Cpu,
    CpuPerTask CpuPerTask);
