using Claw.Client.Http;

namespace Claw.Client.Nodes;

/// <summary><c>/api/v1/nodes</c>: register, read, list, liveness, drain, pull dispatch, deregister.</summary>
public sealed class NodesClient
{
    private readonly ClawHttp _http;

    internal NodesClient(ClawHttp http) => _http = http;

    /// <summary>Registers a node (or registers a known <c>id</c> again); it is <c>offline</c> until it shows a sign of life.</summary>
    public Task<ClawNode> RegisterAsync(RegisterNodeRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _http.CreateAsync<ClawNode>("nodes", request, idempotencyKey, cancellationToken);

    public Task<ClawNode> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<ClawNode>(Path(id), cancellationToken);

    public IAsyncEnumerable<ClawNode> ListAsync(NodeFilter? filter = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        filter ??= new NodeFilter();
        return _http.PagesAsync<ClawNode>("nodes", new Query().With("status", filter.Status).With("capability", filter.Capability).With("swarm_id", filter.SwarmId), pageSize, cancellationToken);
    }

    /// <summary>Online nodes with a free slot that have every one of <paramref name="capabilities"/>.</summary>
    public async Task<IReadOnlyList<ClawNode>> ListAvailableAsync(IEnumerable<string>? capabilities = null, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<Page<ClawNode>>(new Query().With("capability", capabilities).Append("nodes/available"), cancellationToken)).Items;

    public Task<HeartbeatResult> HeartbeatAsync(string id, CancellationToken cancellationToken = default) =>
        _http.PostAsync<HeartbeatResult>(Path(id) + "/heartbeat", new { }, cancellationToken, repeatable: true);

    public Task<ClawNode> MarkBusyAsync(string id, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawNode>(Path(id) + "/busy", new { }, cancellationToken);

    public Task<ClawNode> MarkAvailableAsync(string id, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawNode>(Path(id) + "/available", new { }, cancellationToken);

    /// <summary>The node finishes its leases and takes no new ones.</summary>
    public Task<ClawNode> DrainAsync(string id, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawNode>(Path(id) + "/drain", new { }, cancellationToken);

    /// <summary>Pull dispatch: up to <c>max_tasks</c> assignments, waiting up to <c>wait_seconds</c> for work.</summary>
    public async Task<IReadOnlyList<Assignment>> PollAsync(string id, PollRequest? request = null, CancellationToken cancellationToken = default) =>
        (await _http.PostAsync<PollResult>(Path(id) + "/poll", request ?? new PollRequest(), cancellationToken)).Assignments;

    /// <summary>Deregisters the node: its leases are revoked and their tasks run again elsewhere.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => _http.DeleteAsync(Path(id), cancellationToken);

    private static string Path(string id) => $"nodes/{PathSegment.Of(id)}";
}
