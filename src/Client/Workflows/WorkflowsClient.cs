using Claw.Client.Http;

namespace Claw.Client.Workflows;

/// <summary><c>/api/v1/workflows</c>.</summary>
public sealed class WorkflowsClient
{
    private readonly ClawHttp _http;

    internal WorkflowsClient(ClawHttp http) => _http = http;

    public Task<ClawWorkflow> CreateAsync(CreateWorkflowRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _http.CreateAsync<ClawWorkflow>("workflows", request, idempotencyKey, cancellationToken);

    public Task<ClawWorkflow> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<ClawWorkflow>(Path(id), cancellationToken);

    public IAsyncEnumerable<ClawWorkflow> ListAsync(string? status = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        _http.PagesAsync<ClawWorkflow>("workflows", new Query().With("status", status), pageSize, cancellationToken);

    public Task<WorkflowTasks> TasksAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<WorkflowTasks>(Path(id) + "/tasks", cancellationToken);

    public Task<ClawWorkflow> StartAsync(string id, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawWorkflow>(Path(id) + "/start", new { }, cancellationToken);

    public Task<ClawWorkflow> CancelAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawWorkflow>(Path(id) + "/cancel", new { Reason = reason }, cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => _http.DeleteAsync(Path(id), cancellationToken);

    private static string Path(string id) => $"workflows/{PathSegment.Of(id)}";
}
