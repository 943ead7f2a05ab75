using Claw.Tests.Infrastructure;
using Npgsql;

namespace Claw.Tests.Operations;

/// <summary>
/// The event stream on PostgreSQL, where transactions commit out of seq order (several commits in flight, many
/// writers): a reader that keeps dropping and resuming with <c>Last-Event-ID</c> still gets every event exactly once.
/// </summary>
public sealed class EventStreamPostgresTests
{
    private const int Tasks = 300;
    private const int Submitters = 6;

    [Fact]
    public async Task A_reader_that_reconnects_every_few_dozen_events_gets_every_event_once_under_concurrent_commits()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(
            data.Path, "--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", ClawApi.NewId("sse"),
            "--Claw:Events:PollIntervalMilliseconds", "50", "--Claw:Storage:Batching:MaxInFlight", "4");
        var api = new ClawApi(host.CreateClient());
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-5).UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture));

        using var done = new CancellationTokenSource();
        var received = new List<long>();
        var reconnects = 0;
        var reader = Task.Run(async () =>
        {
            string? lastId = null;
            while (!done.IsCancellationRequested)
            {
                await using var stream = await SseClient.ConnectAsync(host.CreateClient(), $"/api/v1/events?event_type=task&since={since}", lastId);
                for (var i = 0; i < 37 && !done.IsCancellationRequested; i++)
                {
                    if (await stream.NextAsync(TimeSpan.FromMilliseconds(500)) is not { } next)
                    {
                        break; // nothing new for a while: the stream is gone, resume on a new one
                    }

                    lock (received)
                    {
                        received.Add(next.Seq);
                    }
                }

                lastId = stream.LastEventId;
                reconnects++;
            }
        });

        var queue = ClawApi.NewId("many");
        var nodes = new[] { await api.RegisterNodeAsync(slots: 20), await api.RegisterNodeAsync(slots: 20) };
        var submitted = Task.WhenAll(Enumerable.Range(0, Submitters).Select(async _ =>
        {
            for (var i = 0; i < Tasks / Submitters; i++)
            {
                await api.SubmitAsync(queue);
            }
        }));
        var completed = 0;
        var workers = nodes.Select(node => Task.Run(async () =>
        {
            while (Volatile.Read(ref completed) < Tasks)
            {
                var leases = await api.PollAsync(node, queue, max: 20, wait: 1);
                await Task.WhenAll(leases.Select(async lease => (await api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode()));
                Interlocked.Add(ref completed, leases.Count);
            }
        })).ToList();
        await submitted;
        await Task.WhenAll(workers);

        var stored = await StoredSeqsAsync(postgres.ConnectionString);
        await Eventually.Until(() => Task.FromResult(Count(received)), n => n >= stored.Count, TimeSpan.FromSeconds(60), $"the reader to receive all {stored.Count} events");
        await done.CancelAsync();
        await reader;

        Assert.Equal(Tasks * 4, stored.Count); // created, queued, assigned, completed
        Assert.Equal(received.Count, received.Distinct().Count()); // never twice
        Assert.Equal(stored, received.Order().ToList()); // never lost
        Assert.True(reconnects > 10, $"only {reconnects} reconnects");
    }

    private static int Count(List<long> received)
    {
        lock (received)
        {
            return received.Count;
        }
    }

    private static async Task<List<long>> StoredSeqsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT seq FROM claw_events WHERE type LIKE 'task.%' ORDER BY seq", connection);
        var seqs = new List<long>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            seqs.Add(rows.GetInt64(0));
        }

        return seqs;
    }
}
