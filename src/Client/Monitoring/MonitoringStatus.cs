using System.Text.Json;

namespace Claw.Client.Monitoring;

/// <summary><c>GET /swarm/monitoring/status</c>: each subsystem's verdict against the alert thresholds.</summary>
public sealed record MonitoringStatus(string Status, DateTimeOffset CheckedAt, int WindowSeconds, IReadOnlyDictionary<string, Subsystem> Subsystems, JsonElement Thresholds);
