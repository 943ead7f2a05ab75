using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Cluster.History;

/// <summary>
/// Submits every <paramref name="stride"/>-th task of the run at its due time, each under its own
/// <c>Idempotency-Key</c>, so a submit whose answer was lost with a silo is sent again without making a second task.
/// </summary>
public sealed class TaskSubmitter(int first, int stride, string queue, FleetClient client, KillRunSettings settings, RunLedger ledger)
{
    public async Task RunAsync(Stopwatch clock, CancellationToken stop)
    {
        for (var i = first; i < settings.Tasks; i += stride)
        {
            var body = Body(i);
            var due = settings.SubmitOver * ((double)i / settings.Tasks);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, stop);
            }

            var key = $"{queue}-{i}";
            var (status, text) = await client.SendAsync("submit", http =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = HttpAssertions.Json(body) };
                request.Headers.Add("Idempotency-Key", key);
                return http.SendAsync(request, stop);
            }, stop);
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"submit {key}: {(int)status} {text}");
            ledger.Submitted[i] = JsonDocument.Parse(text).RootElement.Str("id");
        }
    }

    /// <summary>Task <paramref name="i"/>'s submit; every <see cref="KillRunSettings.KeyedEvery"/>-th carries a concurrency key.</summary>
    private string Body(int i)
    {
        var keyed = settings.KeyedEvery > 0 && i % settings.KeyedEvery == 0
            ? $$""","concurrency_key":"{{KillRunKeys.Key(queue, i / settings.KeyedEvery % settings.Keys)}}","concurrency_limit":{{settings.KeyLimit}}"""
            : "";
        return $$"""
            {"queue":"{{queue}}","type":"kill-run","payload":{"run":"{{queue}}"},"timeout_seconds":{{settings.LeaseSeconds}},"max_retries":{{settings.MaxRetries}},
             "retry_backoff":{"initial_seconds":{{Number(settings.BackoffSeconds)}},"multiplier":1,"max_seconds":{{Number(settings.BackoffSeconds)}}}{{keyed}} }
            """;
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
