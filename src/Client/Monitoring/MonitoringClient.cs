using System.Text.Json;
using Claw.Client.Events;
using Claw.Client.Http;

namespace Claw.Client.Monitoring;

/// <summary><c>/health</c> and <c>/api/v1/swarm</c>: service health, cluster health, monitoring status, the timeline, alert thresholds.</summary>
public sealed class MonitoringClient
{
    private readonly ClawHttp _http;

    internal MonitoringClient(ClawHttp http) => _http = http;

    public Task<ServiceHealth> HealthAsync(CancellationToken cancellationToken = default) => _http.GetAsync<ServiceHealth>("/health", cancellationToken);

    public Task<ClusterHealth> ClusterHealthAsync(CancellationToken cancellationToken = default) => _http.GetAsync<ClusterHealth>("swarm/health", cancellationToken);

    public Task<MonitoringStatus> StatusAsync(CancellationToken cancellationToken = default) => _http.GetAsync<MonitoringStatus>("swarm/monitoring/status", cancellationToken);

    /// <summary>The cluster-wide timeline, newest first, a page at a time.</summary>
    public IAsyncEnumerable<ClawEvent> TimelineAsync(EventFilter? filter = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        _http.PagesAsync<ClawEvent>("swarm/timeline", (filter ?? new EventFilter()).ToQuery(), pageSize, cancellationToken);

    /// <summary>The alert thresholds (a document of figures by subsystem).</summary>
    public Task<JsonElement> ThresholdsAsync(CancellationToken cancellationToken = default) => _http.GetAsync<JsonElement>("swarm/alerts/thresholds", cancellationToken);

    public Task<JsonElement> SetThresholdsAsync(object thresholds, CancellationToken cancellationToken = default) =>
        _http.PutAsync<JsonElement>("swarm/alerts/thresholds", thresholds, cancellationToken);
}
