using Claw.Bench.Measure;

namespace Claw.Bench.Results;

/// <summary>One-at-a-time submits from C concurrent clients (each waits for its 201 before the next).</summary>
internal sealed record SubmitResult(int Tasks, int Clients, double Seconds, double SubmitsPerSecond, Percentiles Latency, CpuShare? Cpu);
