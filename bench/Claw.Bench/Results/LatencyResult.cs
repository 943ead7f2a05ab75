using Claw.Bench.Measure;

namespace Claw.Bench.Results;

/// <summary>
/// One idle WebSocket node; tasks submitted one at a time with a random gap. Received: submit sent → its
/// <c>task_assigned</c> frame read. Completed: submit sent → <c>task_complete</c> sent and the task read back completed.
/// <c>Work</c>: the work counted over the whole run (warm-up included) per task, the idle path's cost; null where it
/// was not counted (the backlog's runs).
/// </summary>
internal sealed record LatencyResult(
    int Tasks,
    int Warmup,
    int GapMsMax,
    int PendingElsewhere,
    Percentiles Received,
    Percentiles Completed,
    CpuShare? Cpu,
    DurableWork? Work = null);
