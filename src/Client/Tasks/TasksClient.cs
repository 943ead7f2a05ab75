using System.Runtime.CompilerServices;
using System.Text.Json;
using Claw.Client.Http;

namespace Claw.Client.Tasks;

/// <summary><c>/api/v1/tasks</c>: submit, read, list, the operator's actions, the holder's reports, retries and callbacks.</summary>
public sealed class TasksClient
{
    private readonly ClawHttp _http;

    internal TasksClient(ClawHttp http) => _http = http;

    /// <summary>Submits a task; the same <paramref name="idempotencyKey"/> with the same body answers the first task again.</summary>
    public Task<ClawTask> SubmitAsync(SubmitTaskRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _http.CreateAsync<ClawTask>("tasks", request, idempotencyKey, cancellationToken);

    /// <summary>
    /// Up to 1,000 tasks in one request, answered in order. The request carries an idempotency key (given, or a new
    /// one that its own retries share), which keys every task without its own <c>IdempotencyKey</c> by its place, so
    /// a retried batch answers the tasks it created instead of creating them twice.
    /// </summary>
    public async Task<IReadOnlyList<ClawTask>> SubmitBatchAsync(IReadOnlyList<SubmitTaskRequest> tasks, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        (await _http.CreateAsync<TaskBatchResult>("tasks/batch", new TaskBatch(tasks), idempotencyKey, cancellationToken)).Items;

    public Task<ClawTask> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<ClawTask>($"tasks/{PathSegment.Of(id)}", cancellationToken);

    /// <summary>Every task that matches, oldest first, fetched a page at a time as the caller reads.</summary>
    public IAsyncEnumerable<ClawTask> ListAsync(TaskFilter? filter = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        filter ??= new TaskFilter();
        var query = new Query().With("status", filter.Status).With("queue", filter.Queue).With("node_id", filter.NodeId)
            .With("workflow_id", filter.WorkflowId).With("swarm_id", filter.SwarmId).With("priority", filter.Priority);
        return _http.PagesAsync<ClawTask>("tasks", query, pageSize, cancellationToken);
    }

    /// <summary>Pending tasks, highest priority first, then oldest.</summary>
    public IAsyncEnumerable<ClawTask> ListPendingAsync(int pageSize = 100, CancellationToken cancellationToken = default) =>
        _http.PagesAsync<ClawTask>("tasks/pending", new Query(), pageSize, cancellationToken);

    public async Task<IReadOnlyList<TaskEvent>> TimelineAsync(string id, CancellationToken cancellationToken = default) =>
        await _http.GetAsync<List<TaskEvent>>($"tasks/{PathSegment.Of(id)}/timeline", cancellationToken);

    public async Task<IReadOnlyList<CallbackDelivery>> CallbacksAsync(string id, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<Page<CallbackDelivery>>($"tasks/{PathSegment.Of(id)}/callbacks", cancellationToken)).Items;

    public Task<ClawTask> AssignAsync(string id, string nodeId, CancellationToken cancellationToken = default) =>
        Action(id, "assign", new { NodeId = nodeId }, cancellationToken);

    public Task<ClawTask> CancelAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        Action(id, "cancel", new { Reason = reason }, cancellationToken);

    /// <summary>A <c>failed</c> or <c>cancelled</c> task back to <c>pending</c>, its attempt budget renewed.</summary>
    public Task<ClawTask> RetryAsync(string id, string? reason = null, CancellationToken cancellationToken = default) =>
        Action(id, "retry", new { Reason = reason }, cancellationToken);

    /// <summary>The dead-letter set (failed tasks) back to pending, oldest failure first.</summary>
    public Task<BulkRetryResult> RetryFailedAsync(BulkRetryRequest? request = null, CancellationToken cancellationToken = default) =>
        _http.PostAsync<BulkRetryResult>("tasks/retry", request ?? new BulkRetryRequest(), cancellationToken);

    public Task<ClawTask> ApproveAsync(string id, string? by = null, string? comment = null, CancellationToken cancellationToken = default) =>
        Action(id, "approve", new { By = by, Comment = comment }, cancellationToken);

    public Task<ClawTask> RejectAsync(string id, string? by = null, string? reason = null, CancellationToken cancellationToken = default) =>
        Action(id, "reject", new { By = by, Reason = reason }, cancellationToken);

    /// <summary>Deletes a task (one that has not ended is cancelled first).</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _http.DeleteAsync($"tasks/{PathSegment.Of(id)}", cancellationToken);

    public Task<ClawTask> StartAsync(string id, LeaseProof? proof = null, CancellationToken cancellationToken = default) =>
        Action(id, "start", Proof(proof), cancellationToken);

    public Task<ClawTask> ProgressAsync(string id, int percent, string? message = null, object? data = null, LeaseProof? proof = null, CancellationToken cancellationToken = default) =>
        Action(id, "progress", new { Percent = percent, Message = message, Data = ClawJson.Element(data), proof?.LeaseId, proof?.LeaseToken, proof?.NodeId }, cancellationToken);

    public Task<ClawTask> CompleteAsync(string id, object? result = null, LeaseProof? proof = null, CancellationToken cancellationToken = default) =>
        Action(id, "complete", new { Result = ClawJson.Element(result), proof?.LeaseId, proof?.LeaseToken, proof?.NodeId }, cancellationToken);

    public Task<ClawTask> FailAsync(string id, string error, bool retriable = true, string? errorCode = null, LeaseProof? proof = null, CancellationToken cancellationToken = default) =>
        Action(id, "fail", new { Error = error, Retriable = retriable, ErrorCode = errorCode, proof?.LeaseId, proof?.LeaseToken, proof?.NodeId }, cancellationToken);

    /// <summary>
    /// The task each time it changes (status, attempt or progress), until it ends; the last one yielded is terminal.
    /// Reads the task every <paramref name="interval"/> (half a second by default).
    /// </summary>
    public async IAsyncEnumerable<ClawTask> WatchAsync(string id, TimeSpan? interval = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? last = null;
        while (true)
        {
            var task = await GetAsync(id, cancellationToken);
            var seen = $"{task.Status}|{task.Attempt}|{task.Progress?.Percent}|{task.Progress?.Message}|{task.Progress?.At:O}";
            if (seen != last)
            {
                last = seen;
                yield return task;
            }

            if (task.IsTerminal)
            {
                yield break;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>Waits until the task has ended and answers it.</summary>
    public async Task<ClawTask> WaitAsync(string id, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ClawTask? last = null;
        await foreach (var task in WatchAsync(id, interval, cancellationToken))
        {
            last = task;
        }

        return last!;
    }

    private static object Proof(LeaseProof? proof) => new { proof?.LeaseId, proof?.LeaseToken, proof?.NodeId };

    private Task<ClawTask> Action(string id, string action, object body, CancellationToken cancellationToken) =>
        _http.PostAsync<ClawTask>($"tasks/{PathSegment.Of(id)}/{action}", body, cancellationToken);
}
