using Claw.Client.Http;

namespace Claw.Client.Swarms;

/// <summary><c>/api/v1/swarms</c>.</summary>
public sealed class SwarmsClient
{
    private readonly ClawHttp _http;

    internal SwarmsClient(ClawHttp http) => _http = http;

    public Task<ClawSwarm> CreateAsync(CreateSwarmRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _http.CreateAsync<ClawSwarm>("swarms", request, idempotencyKey, cancellationToken);

    public Task<ClawSwarm> GetAsync(string id, CancellationToken cancellationToken = default) => _http.GetAsync<ClawSwarm>(Path(id), cancellationToken);

    public IAsyncEnumerable<ClawSwarm> ListAsync(string? status = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        _http.PagesAsync<ClawSwarm>("swarms", new Query().With("status", status), pageSize, cancellationToken);

    public Task<ClawSwarm> PauseAsync(string id, CancellationToken cancellationToken = default) => Action(id, "pause", cancellationToken);

    public Task<ClawSwarm> ResumeAsync(string id, CancellationToken cancellationToken = default) => Action(id, "resume", cancellationToken);

    public Task<ClawSwarm> StopAsync(string id, CancellationToken cancellationToken = default) => Action(id, "stop", cancellationToken);

    public Task<ClawSwarm> AddNodeAsync(string id, string nodeId, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawSwarm>($"{Path(id)}/nodes/{PathSegment.Of(nodeId)}", new { }, cancellationToken);

    public Task RemoveNodeAsync(string id, string nodeId, CancellationToken cancellationToken = default) =>
        _http.DeleteAsync($"{Path(id)}/nodes/{PathSegment.Of(nodeId)}", cancellationToken);

    public Task<SwarmHealth> HealthAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<SwarmHealth>(Path(id) + "/health", cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => _http.DeleteAsync(Path(id), cancellationToken);

    private Task<ClawSwarm> Action(string id, string action, CancellationToken cancellationToken) =>
        _http.PostAsync<ClawSwarm>($"{Path(id)}/{action}", new { }, cancellationToken);

    private static string Path(string id) => $"swarms/{PathSegment.Of(id)}";
}
