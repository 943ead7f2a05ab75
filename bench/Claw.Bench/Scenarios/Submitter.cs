using System.Diagnostics;
using Claw.Bench.Cluster;
using Claw.Bench.Measure;

namespace Claw.Bench.Scenarios;

/// <summary>
/// Submits no-op tasks one at a time from C concurrent clients (each waits for its answer before the next), spread
/// over the silos: how every scenario but the batch scenario (<c>POST /tasks/batch</c>) submits.
/// </summary>
internal sealed class Submitter(ClawCluster cluster, string queue, int clients)
{
    public const string Mode = "concurrent single POST /api/v1/tasks, one task per request (the batch scenario: POST /api/v1/tasks/batch)";

    private int _submitted;

    public int Submitted => Volatile.Read(ref _submitted);

    /// <summary>Submits <paramref name="total"/> tasks; answers the wall time and, if asked, every call's latency in ms.</summary>
    public async Task<(double Seconds, List<double> LatenciesMs)> RunAsync(int total, bool recordLatency, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(recordLatency ? total : 0);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var mine = new List<double>();
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var start = Stopwatch.GetTimestamp();
                await cluster.SubmitAsync(client, queue, cancellationToken);
                if (recordLatency)
                {
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }

                Interlocked.Increment(ref _submitted);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        return (clock.Elapsed.TotalSeconds, latencies);
    }

    public string Status(int total) => $"submitted {Submitted:N0}/{total:N0}";

    public static Progress Show(string label, Submitter submitter, int total) => Progress.Start(label, () => submitter.Status(total));
}
