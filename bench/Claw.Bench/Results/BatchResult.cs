using Claw.Bench.Measure;

namespace Claw.Bench.Results;

/// <summary>
/// N tasks submitted in batches of <c>BatchSize</c> through <c>POST /tasks/batch</c> by <c>Clients</c> concurrent
/// senders (each waits for its 201 before the next batch). Tasks/s = N ÷ time to the last 201; per-batch latency is
/// request sent → 201 read. <c>Created</c> counts the tasks the answers returned with an id; <c>Work</c> is the work
/// counted over the scenario per created task. <c>WarmupTasks</c> went first, untimed; <c>JitMethods</c> is how many
/// methods the silos' JIT compiled during the timed batches (null when the silos do not publish it).
/// </summary>
internal sealed record BatchResult(
    int Tasks,
    int BatchSize,
    int Clients,
    int Batches,
    int Created,
    double Seconds,
    double TasksPerSecond,
    Percentiles BatchLatency,
    DurableWork Work,
    CpuShare? Cpu,
    int WarmupTasks,
    double? JitMethods);
