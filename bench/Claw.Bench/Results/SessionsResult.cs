using Claw.Bench.Measure;

namespace Claw.Bench.Results;

/// <summary>S idle WebSocket sessions (one registered node each) and the silos' resident memory before and after.</summary>
internal sealed record SessionsResult(
    int Requested,
    int Opened,
    int Listed,
    double OpenSeconds,
    double? RssBeforeMiB,
    double? RssAfterMiB,
    double? KiBPerSession,
    string? StoppedBecause,
    CpuShare? Cpu);
