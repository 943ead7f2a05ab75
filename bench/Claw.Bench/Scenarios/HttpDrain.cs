using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Claw.Bench.Cluster;

namespace Claw.Bench.Scenarios;

/// <summary>
/// Long-polling workers: <c>POST /nodes/{id}/poll</c> (one task, wait up to 1 s), then
/// <c>POST /leases/{id}/complete</c> with the lease token; the 200 means the completion is durable.
/// </summary>
internal sealed class HttpDrain(ClawCluster cluster, string queue, IReadOnlyList<string> nodeIds) : IDrain
{
    private int _completed;
    private int _rejected;

    public int Completed => Volatile.Read(ref _completed);

    public async Task<DrainOutcome> RunAsync(int total, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        var lastAt = TimeSpan.Zero;
        var workers = nodeIds.Select((node, w) => WorkAsync(w, node, total, () =>
        {
            lastAt = clock.Elapsed;
            stop.Cancel(); // the last completion: the other workers' waiting polls are not part of the measurement
        }, stop.Token));
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException)
        {
        }

        var timedOut = Completed < total;
        return new DrainOutcome(Completed, (timedOut ? clock.Elapsed : lastAt).TotalSeconds, _rejected, timedOut);
    }

    private async Task WorkAsync(int w, string node, int total, Action last, CancellationToken cancellationToken)
    {
        var http = cluster.Http(w);
        var poll = new { queues = new[] { queue }, max_tasks = 1, wait_seconds = 1 };
        while (Completed < total && !cancellationToken.IsCancellationRequested)
        {
            using var polled = await http.PostAsJsonAsync($"/api/v1/nodes/{node}/poll", poll, cancellationToken);
            await ClawCluster.EnsureSuccessAsync(polled, "poll");
            using var body = await JsonDocument.ParseAsync(await polled.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            foreach (var assignment in body.RootElement.GetProperty("assignments").EnumerateArray())
            {
                var leaseId = assignment.GetProperty("lease_id").GetString();
                var token = assignment.GetProperty("lease_token").GetString();
                using var completed = await http.PostAsJsonAsync($"/api/v1/leases/{leaseId}/complete", new { token, result = new { ok = true } }, cancellationToken);
                if ((int)completed.StatusCode == 409)
                {
                    Interlocked.Increment(ref _rejected);
                    continue;
                }

                await ClawCluster.EnsureSuccessAsync(completed, "complete");
                if (Interlocked.Increment(ref _completed) == total)
                {
                    last();
                }
            }
        }
    }
}
