using Claw.Abstractions.Monitoring;
using Claw.Abstractions.OpenClaw;

namespace Claw.Grains.Monitoring;

/// <summary>
/// Everything the monitoring status judges, gathered by the monitoring grain at one moment; <see cref="OpenClaw"/> is
/// null when the OpenClaw directory could not be read.
/// </summary>
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
    GatewayFigures Gateway,
    OpenClawStatus? OpenClaw = null);
