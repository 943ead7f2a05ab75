using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Claw.Bench;

/// <summary>
/// Submits N no-op tasks over HTTP and drains them with W long-polling workers, each completion through its lease.
/// Arguments: [url] [tasks] [workers].
/// </summary>
internal static class Throughput
{
    public static async Task RunAsync(string[] args)
    {
var baseUrl = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:8000");
var total = int.Parse(args.ElementAtOrDefault(1) ?? "2000", System.Globalization.CultureInfo.InvariantCulture);
var workers = int.Parse(args.ElementAtOrDefault(2) ?? "16", System.Globalization.CultureInfo.InvariantCulture);
var queue = "bench-" + Guid.NewGuid().ToString("N")[..8];
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

var submitClock = Stopwatch.StartNew();
var submitted = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, total), new ParallelOptions { MaxDegreeOfParallelism = workers }, async (i, ct) =>
{
    var response = await http.PostAsJsonAsync("/api/v1/tasks", new { queue, type = "noop", payload = new { i } }, ct);
    response.EnsureSuccessStatusCode();
    Interlocked.Increment(ref submitted);
});
var submitSeconds = submitClock.Elapsed.TotalSeconds;
Console.WriteLine($"submitted {submitted} tasks in {submitSeconds:F2} s: {submitted / submitSeconds:F0} submits/s");

var drainClock = Stopwatch.StartNew();
var completed = 0;
var latencies = new List<double>();
await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
{
    var node = $"bench-node-{queue}-{w}";
    (await http.PostAsJsonAsync("/api/v1/nodes", new { id = node, name = node, max_concurrent_tasks = 1 })).EnsureSuccessStatusCode();
    while (Volatile.Read(ref completed) < total)
    {
        var poll = await http.PostAsJsonAsync($"/api/v1/nodes/{node}/poll", new { queues = new[] { queue }, max_tasks = 1, wait_seconds = 1 });
        poll.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await poll.Content.ReadAsStringAsync())!;
        foreach (var assignment in body["assignments"]!.AsArray())
        {
            var clock = Stopwatch.StartNew();
            var leaseId = assignment!["lease_id"]!.GetValue<string>();
            var complete = await http.PostAsJsonAsync($"/api/v1/leases/{leaseId}/complete", new { token = assignment["lease_token"]!.GetValue<string>(), result = new { ok = true } });
            complete.EnsureSuccessStatusCode();
            lock (latencies)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }

            Interlocked.Increment(ref completed);
        }
    }
}));
var drainSeconds = drainClock.Elapsed.TotalSeconds;
latencies.Sort();
Console.WriteLine($"completed {completed} tasks with {workers} workers in {drainSeconds:F2} s: {completed / drainSeconds:F0} tasks/s; " +
                  $"complete p50 {Percentile(0.50):F1} ms, p99 {Percentile(0.99):F1} ms");
Console.WriteLine(JsonSerializer.Serialize(new { tasks = total, workers, submits_per_second = submitted / submitSeconds, completed_per_second = completed / drainSeconds }));

double Percentile(double p) => Stats.Percentile(latencies, p);
    }
}
