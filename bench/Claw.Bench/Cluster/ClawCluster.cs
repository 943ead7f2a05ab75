using System.Net.Http.Json;
using System.Text.Json;

namespace Claw.Bench.Cluster;

/// <summary>
/// The silos under test, each reached at its own gateway URL. Clients and workers are spread over them round-robin,
/// as a load balancer in front of a cluster would.
/// </summary>
internal sealed class ClawCluster : IDisposable
{
    private readonly HttpClient[] _clients;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> _queuesSet = new(StringComparer.Ordinal);

    public ClawCluster(IReadOnlyList<Uri> urls, string? bearer = null, int flowKeys = 0)
    {
        Urls = urls;
        Bearer = bearer;
        FlowKeys = flowKeys;
        _clients = urls.Select(url => new HttpClient(new SocketsHttpHandler
        {
            // Every concurrent client, long-poller and session registration gets its own connection, as separate
            // processes would; a small pool would queue requests inside this process and measure the pool.
            MaxConnectionsPerServer = 4096,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(100) }).ToArray();
        foreach (var client in _clients.Where(_ => bearer is not null))
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
    }

    /// <summary>The credential sent as <c>Authorization: Bearer …</c> on every request and control channel; null for none.</summary>
    public string? Bearer { get; }

    public IReadOnlyList<Uri> Urls { get; }

    /// <summary>
    /// Flow control on (<c>--flow-control N</c>): every task carries one of N concurrency keys, and each queue gets a
    /// <c>max_pending</c> and a <c>max_concurrent</c> lane before its first submit, all high enough never to refuse or
    /// hold back, so the run measures what the checks cost. 0: off (no keys, no queue settings).
    /// </summary>
    public int FlowKeys { get; }

    /// <summary>High enough that no run reaches them: the checks run on every submit and lease, and never bind.</summary>
    public const int FlowMaxPending = 10_000_000;

    public const int FlowLimit = 100_000;

    /// <summary>The HTTP client for the i-th caller (round-robin over the silos).</summary>
    public HttpClient Http(int i) => _clients[i % _clients.Length];

    public object NoopTask(string queue, int i) => FlowKeys > 0
        ? new { queue, type = "noop", payload = new { i }, concurrency_key = $"bench-key-{i % FlowKeys}", concurrency_limit = FlowLimit }
        : new { queue, type = "noop", payload = new { i } };

    /// <summary>Submits one no-op task and answers its id.</summary>
    public async Task<string> SubmitAsync(int i, string queue, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(queue, cancellationToken);
        using var response = await Http(i).PostAsJsonAsync("/api/v1/tasks", NoopTask(queue, i), cancellationToken);
        await EnsureSuccessAsync(response, "submit");
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Submits the no-op tasks <paramref name="first"/>.. in one <c>POST /tasks/batch</c> (API.md: 1..1000 items, 201
    /// <c>{items}</c> in order) through the <paramref name="client"/>-th silo; answers how many tasks came back with an id.
    /// </summary>
    public async Task<int> SubmitBatchAsync(int client, string queue, int first, int count, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(queue, cancellationToken);
        var tasks = Enumerable.Range(first, count).Select(i => NoopTask(queue, i)).ToList();
        using var response = await Http(client).PostAsJsonAsync("/api/v1/tasks/batch", new { tasks }, cancellationToken);
        await EnsureSuccessAsync(response, "batch submit");
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var items = body.RootElement.GetProperty("items");
        return items.EnumerateArray().Count(item => item.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 });
    }

    /// <summary>With flow control on, gives the queue its (never binding) limits once, before its first task.</summary>
    private async Task EnsureQueueAsync(string queue, CancellationToken cancellationToken)
    {
        if (FlowKeys > 0)
        {
            await _queuesSet.GetOrAdd(queue, q => new Lazy<Task>(() => SetQueueAsync(q, cancellationToken))).Value;
        }
    }

    private async Task SetQueueAsync(string queue, CancellationToken cancellationToken)
    {
        using var response = await Http(0).PutAsJsonAsync($"/api/v1/queues/{queue}", new { max_pending = FlowMaxPending, max_concurrent = FlowLimit }, cancellationToken);
        await EnsureSuccessAsync(response, "set queue");
    }

    public async Task RegisterNodeAsync(int i, string nodeId, CancellationToken cancellationToken)
    {
        using var response = await Http(i).PostAsJsonAsync("/api/v1/nodes", new { id = nodeId, name = nodeId, max_concurrent_tasks = 1 }, cancellationToken);
        await EnsureSuccessAsync(response, "register node");
    }

    /// <summary>Registers nodes with bounded concurrency (the same route agents use; not timed).</summary>
    public async Task RegisterNodesAsync(IReadOnlyList<string> nodeIds, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(32, nodeIds.Count)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < nodeIds.Count)
            {
                await RegisterNodeAsync(i, nodeIds[i], cancellationToken);
            }
        }));
    }

    public async Task<string?> TaskStatusAsync(int i, string taskId, CancellationToken cancellationToken)
    {
        var task = await Http(i).GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{taskId}", cancellationToken);
        return task.GetProperty("status").GetString();
    }

    /// <summary>Every silo's Prometheus text, or nothing for a silo that does not answer.</summary>
    public async Task<IReadOnlyList<string>> ScrapeMetricsAsync(CancellationToken cancellationToken)
    {
        var texts = await Task.WhenAll(_clients.Select(async client =>
        {
            try
            {
                return await client.GetStringAsync("/metrics", cancellationToken);
            }
            catch (HttpRequestException)
            {
                return "";
            }
        }));
        return texts;
    }

    public Uri ControlUri(int i, string nodeId, string queue) =>
        new UriBuilder(Urls[i % Urls.Count]) { Scheme = "ws", Path = "/api/v1/ws/control", Query = $"bot_id={nodeId}&queues={queue}" }.Uri;

    /// <summary>Throws with the problem details in the message, so a failed run says why.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
