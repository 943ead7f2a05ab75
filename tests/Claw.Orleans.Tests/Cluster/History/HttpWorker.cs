using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Cluster.History;

/// <summary>
/// One agent over HTTP: registers its node, long-polls, and answers each assignment its own way: most complete at
/// once; some leases are abandoned, some answered after they expired, some answered twice with the same result.
/// A call whose answer was lost (a silo died under it) is sent again, to another silo if need be.
/// </summary>
public sealed class HttpWorker(string nodeId, string queue, FleetClient client, KillRunSettings settings, RunLedger ledger, Random random)
{
    private enum Move
    {
        Complete,
        CompleteTwice,
        Abandon,
        AnswerLate,
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var answering = new List<Task>();
        try
        {
            await RegisterAsync(stop);
            while (!stop.IsCancellationRequested)
            {
                foreach (var assignment in await PollAsync(stop))
                {
                    answering.Add(AnswerAsync(assignment, Choose(), stop));
                }

                answering.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the run is over
        }

        await Task.WhenAll(answering.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task RegisterAsync(CancellationToken stop)
    {
        var body = $$"""{"id":"{{nodeId}}","name":"{{nodeId}}","max_concurrent_tasks":{{settings.SlotsPerWorker}}}""";
        var (status, text) = await client.SendAsync("register", http => http.PostJsonAsync("/api/v1/nodes", body), stop);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"register {nodeId}: {(int)status} {text}");
    }

    private async Task<List<JsonElement>> PollAsync(CancellationToken stop)
    {
        var body = $$"""{"queues":["{{queue}}"],"max_tasks":{{settings.SlotsPerWorker}},"wait_seconds":1}""";
        var (status, text) = await client.SendAsync("poll", http => http.PostJsonAsync($"/api/v1/nodes/{nodeId}/poll", body), stop);
        if (status == HttpStatusCode.OK)
        {
            return [.. JsonDocument.Parse(text).RootElement.GetProperty("assignments").EnumerateArray().Select(a => a.Clone())];
        }

        ledger.Refused("poll " + (int)status);
        await Task.Delay(200, stop);
        return [];
    }

    private Move Choose()
    {
        lock (random)
        {
            var roll = random.Next(100);
            return roll < settings.AbandonPercent ? Move.Abandon
                : roll < settings.AbandonPercent + settings.LatePercent ? Move.AnswerLate
                : roll < settings.AbandonPercent + settings.LatePercent + settings.TwicePercent ? Move.CompleteTwice
                : Move.Complete;
        }
    }

    private int Jitter(int maxMilliseconds)
    {
        lock (random)
        {
            return random.Next(maxMilliseconds);
        }
    }

    private async Task AnswerAsync(JsonElement assignment, Move move, CancellationToken stop)
    {
        var taskId = assignment.Str("task_id");
        var leaseId = assignment.Str("lease_id");
        switch (move)
        {
            case Move.Abandon:
                Interlocked.Increment(ref ledger.Abandoned);
                return;
            case Move.AnswerLate:
                Interlocked.Increment(ref ledger.AnsweredLate);
                var expires = assignment.GetProperty("expires_at").GetDateTimeOffset();
                var wait = expires - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500 + Jitter(1000));
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stop);
                if (await CompleteAsync(assignment, stop))
                {
                    ledger.AcceptedLate(taskId, leaseId); // past its deadline: fencing should have refused it
                }

                return;
            default:
                await Task.Delay(Jitter(300), stop);
                if (await CompleteAsync(assignment, stop) && move == Move.CompleteTwice)
                {
                    Interlocked.Increment(ref ledger.AnsweredTwice);
                    if (!await CompleteAsync(assignment, stop))
                    {
                        Interlocked.Increment(ref ledger.RepeatsRefused);
                    }
                }

                return;
        }
    }

    /// <summary>True when the completion was accepted (200); a refusal is tallied by its code.</summary>
    private async Task<bool> CompleteAsync(JsonElement assignment, CancellationToken stop)
    {
        var leaseId = assignment.Str("lease_id");
        var body = $$"""{"token":"{{assignment.Str("lease_token")}}","result":{"by":"{{nodeId}}","lease":"{{leaseId}}"} }""";
        Interlocked.Increment(ref ledger.CompletesInFlight);
        HttpStatusCode status;
        string text;
        try
        {
            (status, text) = await client.SendAsync("complete", http => http.PostJsonAsync($"/api/v1/leases/{leaseId}/complete", body), stop);
        }
        finally
        {
            Interlocked.Decrement(ref ledger.CompletesInFlight);
        }

        if (status == HttpStatusCode.OK)
        {
            ledger.Accepted(assignment.Str("task_id"), leaseId);
            return true;
        }

        ledger.Refused(ProblemCode(status, text));
        return false;
    }

    private static string ProblemCode(HttpStatusCode status, string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.GetProperty("code").GetString() ?? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
