using Claw.Abstractions.Monitoring;

namespace Claw.Grains.Monitoring;

/// <summary>Everything the monitoring status judges, gathered by the monitoring grain at one moment.</summary>
public sealed record StatusFigures(
    bool StorageReachable,
    string StorageDetail,
    double StorageProbeMs,
    int QueuedWrites,
    int ActiveSilos,
    int DeadSilos,
    TableFigures Tables,
    WindowFigures Window,
    int Sessions,
    GatewayFigures Gateway);
