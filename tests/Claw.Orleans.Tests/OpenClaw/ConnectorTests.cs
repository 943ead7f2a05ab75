using System.Text.Json;
using Claw.Tests.Clients;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.OpenClaw;

/// <summary>
/// The gateway connector against a real OpenClaw gateway: Claw leases <c>openclaw.agent</c> tasks to the gateway's
/// node, runs each as one agent turn, and ends the lease with the reply.
/// </summary>
[Collection(RealGatewayCollection.Name)]
public sealed class ConnectorTests(ConnectorFixture fixture) : IClassFixture<ConnectorFixture>
{
    private ClawApi Api => fixture.Api;

    private FakeModelServer Model => fixture.Model;

    [Fact]
    public async Task A_submitted_agent_task_completes_with_the_fake_models_reply()
    {
        var marker = Marker();
        Model.Hold(marker); // a run shorter than the progress interval writes no progress: hold it until its progress is written
        var taskId = await fixture.SubmitTurnAsync(marker);
        await Eventually.Until(() => Api.TimelineAsync(taskId), t => t.Contains("progress"), TimeSpan.FromSeconds(120), "the running turn's progress");
        Model.Release(marker);

        var task = await fixture.WaitForTaskAsync(taskId, "completed");

        var result = task.GetProperty("result");
        Assert.Equal(FakeModelServer.ReplyFor(marker), result.Str("text"));
        Assert.Equal($"{taskId}:1", result.Str("run_id"));
        Assert.Equal("stop", result.Str("stop_reason"));
        Assert.Equal(fixture.GatewayId, task.Str("node_id"));
        Assert.Equal(1, Model.Count(marker));
        var timeline = await Api.TimelineAsync(taskId);
        Assert.Contains("started", timeline);
        Assert.Contains("progress", timeline);

        // A turn without a session gets one of its own: no history shared with another such turn.
        var other = await fixture.WaitForTaskAsync(await fixture.SubmitTurnAsync(Marker()), "completed");
        Assert.NotEqual(result.Str("session_key"), other.GetProperty("result").Str("session_key"));
        Assert.Equal($"agent:main:claw-task:{taskId}:1", result.Str("session_key"));
    }

    [Fact]
    public async Task The_gateway_is_an_openclaw_node_that_is_online_with_its_server_version()
    {
        var gateway = await ConnectorFixture.GatewayAsync(Api, fixture.GatewayId);
        var node = await (await Api.Http.GetAsync($"/api/v1/nodes/{fixture.GatewayId}")).EnsureSuccessStatusCode().ReadJsonAsync();
        var probe = await (await Api.Http.PostAsync($"/api/v1/openclaw/gateways/{fixture.GatewayId}/probe", null)).EnsureSuccessStatusCode().ReadJsonAsync();

        Assert.Equal("online", gateway.Str("status"));
        Assert.Equal("2026.9.6", gateway.Str("server_version"));
        Assert.False(gateway.TryGetProperty("token", out _), "the token is write-only");
        Assert.Equal("openclaw", node.Str("kind"));
        Assert.Contains("openclaw.agent", node.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(4, node.GetProperty("max_concurrent_tasks").GetInt32());
        Assert.True(probe.GetProperty("ok").GetBoolean(), probe.ToString());
        Assert.True(probe.GetProperty("round_trip_ms").GetDouble() > 0);
        Assert.True(probe.GetProperty("health").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Cancel_aborts_the_run_on_the_gateway()
    {
        var marker = Marker();
        Model.Hold(marker);
        var taskId = await fixture.SubmitTurnAsync(marker);
        await Eventually.Until(() => Task.FromResult(Model.Holding.GetValueOrDefault(marker)), n => n == 1, TimeSpan.FromSeconds(120), "the turn to reach the model");

        (await Api.Http.PostAsync($"/api/v1/tasks/{taskId}/cancel", null)).EnsureSuccessStatusCode();

        // The model call ends without being released: the gateway aborted the run.
        await Eventually.Until(() => Task.FromResult(Model.Holding.GetValueOrDefault(marker)), n => n == 0, TimeSpan.FromSeconds(60), "the gateway to abort the model call");
        Assert.Equal("cancelled", await Api.StatusAsync(taskId));
        Assert.Equal(1, Model.Count(marker));
        Model.Release(marker);
    }

    [Fact]
    public async Task Two_tasks_of_one_session_run_one_after_the_other_while_another_session_runs_beside_them()
    {
        var (first, second, other) = (Marker(), Marker(), Marker());
        var (session, otherSession) = ("s-" + Marker(), "s-" + Marker());
        Model.Hold(first);
        Model.Hold(other);
        var firstId = await fixture.SubmitTurnAsync(first, session);
        await Eventually.Until(() => Task.FromResult(Model.Holding.GetValueOrDefault(first)), n => n == 1, TimeSpan.FromSeconds(120), "the first turn to reach the model");
        var secondId = await fixture.SubmitTurnAsync(second, session); // submitted once the first runs: dispatch order across partitions is not FIFO
        var otherId = await fixture.SubmitTurnAsync(other, otherSession);

        await Eventually.Until(() => Task.FromResult((Model.Holding.GetValueOrDefault(first), Model.Holding.GetValueOrDefault(other))),
            h => h == (1, 1), TimeSpan.FromSeconds(120), "both sessions to run a turn at once");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the second turn of the first session has every chance to start, and must not
        Assert.Equal(0, Model.Count(second));

        Model.Release(first);
        var secondTask = await fixture.WaitForTaskAsync(secondId, "completed");
        var firstTask = await fixture.WaitForTaskAsync(firstId, "completed");
        Assert.Equal("in_progress", await Api.StatusAsync(otherId));
        Model.Release(other);
        var otherTask = await fixture.WaitForTaskAsync(otherId, "completed");

        var firstKey = firstTask.GetProperty("result").Str("session_key");
        Assert.Equal($"agent:main:claw:{session}", firstKey);
        Assert.Equal(firstKey, secondTask.GetProperty("result").Str("session_key"));
        Assert.Equal($"agent:main:claw:{otherSession}", otherTask.GetProperty("result").Str("session_key"));
        Assert.True(ArrivalOf(second) > ArrivalOf(first));
    }

    [Fact]
    public async Task A_wrong_token_puts_the_gateway_in_error_with_the_reason_and_it_does_not_retry()
    {
        var id = ClawApi.NewId("gw-bad");
        await ConnectorFixture.RegisterAsync(Api, id, fixture.Gateway.Url, "not-the-token");

        var gateway = await ConnectorFixture.WaitForStatusAsync(Api, id, "error");
        await Task.Delay(TimeSpan.FromSeconds(5)); // with reconnects from 200 ms, a retry loop would show many attempts by now
        var later = await ConnectorFixture.GatewayAsync(Api, id);

        Assert.Contains("token mismatch", gateway.Str("last_error"), StringComparison.Ordinal);
        Assert.Equal("error", later.Str("status"));
        Assert.Equal(0, later.GetProperty("reconnects").GetInt64());
        Assert.Single(later.GetProperty("recent_errors").EnumerateArray());
        (await Api.Http.DeleteAsync($"/api/v1/openclaw/gateways/{id}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_gateway_killed_mid_turn_is_asked_again_under_the_same_idempotency_key_and_the_task_completes()
    {
        var marker = Marker();
        Model.Hold(marker);
        var taskId = await fixture.SubmitTurnAsync(marker);
        await Eventually.Until(() => Task.FromResult(Model.Holding.GetValueOrDefault(marker)), n => n == 1, TimeSpan.FromSeconds(120), "the turn to reach the model");

        await fixture.Gateway.KillAsync();
        Model.Release(marker);
        await fixture.Gateway.StartAgainAsync();

        var task = await fixture.WaitForTaskAsync(taskId, "completed", seconds: 180);
        var attempt = task.GetProperty("attempt").GetInt32();
        var timeline = await Api.TimelineAsync(taskId);
        Assert.Equal(FakeModelServer.ReplyFor(marker), task.GetProperty("result").Str("text"));
        Assert.Equal($"{taskId}:{attempt}", task.GetProperty("result").Str("run_id"));
        var gateway = await ConnectorFixture.GatewayAsync(Api, fixture.GatewayId);
        Assert.True(gateway.GetProperty("reconnects").GetInt64() >= 1);

        // Usually the first attempt completes: its request, asked again under its key, is answered once. OpenClaw also
        // resumes an interrupted turn by itself after a restart (under a run id of its own), and when that races with
        // the request the gateway may end the attempt's run as unavailable, retryable: then one retry completes it.
        Assert.True(attempt == 1 || (attempt == 2 && timeline.Count(e => e == "failed") == 1), $"attempt {attempt}: {string.Join(", ", timeline)}");
        Assert.InRange(Model.Count(marker), 2, 1 + attempt + 1); // the killed run, each attempt's run, and at most one resume of the gateway's own

        // The attempt's key is answered from the gateway's cache: asking again runs no turn.
        var calls = Model.Count(marker);
        await using var client = await fixture.Gateway.ConnectAsync();
        var again = await client.CallAsync("agent", new { message = $"Reply to this. m:{marker}", idempotencyKey = $"{taskId}:{attempt}" }, CancellationToken.None, _ => { });
        Assert.Equal($"{taskId}:{attempt}", again.Str("runId"));
        Assert.Equal(calls, Model.Count(marker));
    }

    [Fact]
    public async Task A_connection_cut_mid_turn_finds_its_run_still_in_flight_and_waits_for_it_in_the_same_attempt()
    {
        // The gateway keeps running a turn whose connection dropped, and answers the request sent again under the
        // same key with "in_flight" (no final): that run's reply, not a failed attempt, is what the task waits for.
        await using var proxy = new SeverableProxy(fixture.Gateway.Url);
        var proxied = ClawApi.NewId("gw-cut");
        await ConnectorFixture.RegisterAsync(Api, proxied, new Uri($"ws://127.0.0.1:{proxy.BaseAddress.Port}"), fixture.Gateway.Token);
        try
        {
            await ConnectorFixture.WaitForStatusAsync(Api, proxied, "online");
            var marker = Marker();
            Model.Hold(marker);
            var taskId = await fixture.SubmitTurnAsync(marker, extra: ",\"dispatch\":\"manual\"");
            (await Api.Http.PostJsonAsync($"/api/v1/tasks/{taskId}/assign", $$"""{"node_id":"{{proxied}}"}""")).EnsureSuccessStatusCode();
            await Eventually.Until(() => Task.FromResult(Model.Holding.GetValueOrDefault(marker)), n => n == 1, TimeSpan.FromSeconds(120), "the turn to reach the model");

            proxy.Sever();
            proxy.Restore();
            await Eventually.Until(() => ConnectorFixture.GatewayAsync(Api, proxied), g => g.Str("status") is "online" or "degraded" && g.GetProperty("reconnects").GetInt64() >= 1,
                TimeSpan.FromSeconds(60), "the connection opened again");
            await Task.Delay(TimeSpan.FromSeconds(2)); // the request sent again is answered "in_flight" while the model holds the run
            Assert.Equal("in_progress", await Api.StatusAsync(taskId));
            Model.Release(marker);

            var task = await fixture.WaitForTaskAsync(taskId, "completed");
            Assert.Equal(1, task.GetProperty("attempt").GetInt32());
            Assert.Equal(FakeModelServer.ReplyFor(marker), task.GetProperty("result").Str("text"));
            Assert.Equal($"{taskId}:1", task.GetProperty("result").Str("run_id"));
            Assert.Equal(1, Model.Count(marker));
            Assert.DoesNotContain("failed", await Api.TimelineAsync(taskId));
        }
        finally
        {
            (await Api.Http.DeleteAsync($"/api/v1/openclaw/gateways/{proxied}")).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_turn_the_model_fails_fails_the_attempt_with_the_gateways_code_and_is_retried_as_the_gateway_says()
    {
        Model.FailNext(1000, status: 400);
        try
        {
            var marker = Marker();
            var taskId = await fixture.SubmitTurnAsync(marker, extra: ",\"max_retries\":1,\"retry_backoff\":{\"initial_seconds\":1}");

            var task = await fixture.WaitForTaskAsync(taskId, "failed", seconds: 240);

            // OpenClaw answers a model that keeps failing with UNAVAILABLE, retryable: the task is retried once, then ends failed.
            // OpenClaw answers a model that refuses the request with UNAVAILABLE, retryable: retried once, then failed.
            Assert.StartsWith("UNAVAILABLE: ", task.Str("error"), StringComparison.Ordinal);
            Assert.Contains("provider rejected", task.Str("error"), StringComparison.Ordinal);
            Assert.Equal(2, task.GetProperty("attempt").GetInt32());
            Assert.Equal(2, Model.Count(marker)); // one turn per attempt
            var gateway = await ConnectorFixture.GatewayAsync(Api, fixture.GatewayId);
            Assert.Contains(gateway.GetProperty("recent_errors").EnumerateArray(), e => e.Str("code") == "TURN_FAILED");
        }
        finally
        {
            Model.FailNext(0);
        }
    }

    [Fact]
    public async Task A_turn_longer_than_its_lease_keeps_the_lease_renewed_and_completes_in_its_first_attempt()
    {
        var marker = Marker();
        Model.Hold(marker);
        var taskId = await fixture.SubmitTurnAsync(marker, extra: ",\"timeout_seconds\":3");
        await Eventually.Until(() => Task.FromResult(Model.Holding.GetValueOrDefault(marker)), n => n == 1, TimeSpan.FromSeconds(120), "the turn to reach the model");

        await Task.Delay(TimeSpan.FromSeconds(8)); // more than twice the lease
        Model.Release(marker);

        var task = await fixture.WaitForTaskAsync(taskId, "completed");
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());
        Assert.Contains("lease_renewed", await Api.TimelineAsync(taskId));
        Assert.Equal(1, Model.Count(marker));
    }

    [Fact]
    public async Task A_request_the_gateway_refuses_for_good_fails_the_task_without_a_retry()
    {
        var response = await Api.Http.PostJsonAsync("/api/v1/tasks",
            $$"""{"type":"openclaw.agent","payload":{"message":"m:{{Marker()}}","agent_id":"no-such-agent"},"max_retries":3}""");
        var taskId = (await response.ReadJsonAsync()).Str("id");

        var task = await fixture.WaitForTaskAsync(taskId, "failed");

        Assert.Equal("INVALID_REQUEST: invalid agent params: unknown agent id \"no-such-agent\"", task.Str("error"));
        Assert.Equal(1, task.GetProperty("attempt").GetInt32()); // not retried although max_retries is 3
    }

    [Fact]
    public async Task With_two_gateways_every_turn_of_a_session_runs_on_the_gateway_that_holds_the_session()
    {
        var second = ClawApi.NewId("gw-two");
        await ConnectorFixture.RegisterAsync(Api, second, fixture.Gateway.Url, fixture.Gateway.Token, sessions: 2);
        try
        {
            await ConnectorFixture.WaitForStatusAsync(Api, second, "online");
            var session = "s-" + Marker();
            var markers = Enumerable.Range(0, 6).Select(_ => Marker()).ToList();

            var ids = await Task.WhenAll(markers.Select(m => fixture.SubmitTurnAsync(m, session)));
            var tasks = await Task.WhenAll(ids.Select(id => fixture.WaitForTaskAsync(id, "completed", seconds: 240)));

            Assert.Single(tasks.Select(t => t.Str("node_id")).Distinct());
            Assert.Single(tasks.Select(t => t.GetProperty("result").Str("session_key")).Distinct());
            Assert.All(markers, m => Assert.Equal(1, Model.Count(m)));
        }
        finally
        {
            (await Api.Http.DeleteAsync($"/api/v1/openclaw/gateways/{second}")).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Status_and_metrics_show_the_gateway_its_sessions_and_its_turns()
    {
        var taskId = await fixture.SubmitTurnAsync(Marker());
        await fixture.WaitForTaskAsync(taskId, "completed");

        var status = await (await Api.Http.GetAsync("/api/v1/openclaw/status")).EnsureSuccessStatusCode().ReadJsonAsync();
        var gateway = status.GetProperty("gateways").EnumerateArray().Single(g => g.Str("id") == fixture.GatewayId);
        Assert.Equal("online", gateway.Str("status"));
        Assert.True(gateway.GetProperty("turns_completed").GetInt64() >= 1);
        Assert.True(status.GetProperty("totals").GetProperty("sessions_offered").GetInt32() >= 4);
        Assert.True(status.GetProperty("totals").GetProperty("gateways_by_status").GetProperty("online").GetInt32() >= 1);
        Assert.Equal("10.66.0.0/24", status.GetProperty("ip_pool").Str("cidr"));

        var monitoring = await (await Api.Http.GetAsync("/api/v1/swarm/monitoring/status")).EnsureSuccessStatusCode().ReadJsonAsync();
        var gateways = monitoring.GetProperty("subsystems").GetProperty("gateways");
        Assert.Contains(gateways.Str("status"), new[] { "healthy", "degraded" }); // online here; another test's gateway may be away
        Assert.True(gateways.GetProperty("figures").GetProperty("online").GetDouble() >= 1);
        Assert.True(gateways.GetProperty("figures").GetProperty("session_capacity").GetDouble() >= 4);

        var metrics = await Eventually.Until(() => Api.Http.GetStringAsync("/metrics"),
            m => m.Contains("claw_openclaw_turn_duration_seconds_count", StringComparison.Ordinal) && m.Contains("claw_openclaw_gateways_connected", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the OpenClaw series on /metrics");
        var samples = metrics.Split('\n').Where(l => !l.StartsWith('#')).ToList();
        Assert.Contains(samples, l => l.StartsWith("claw_openclaw_sessions_offered{", StringComparison.Ordinal) && l.Contains($"gateway=\"{fixture.GatewayId}\"", StringComparison.Ordinal));
        Assert.Contains(samples, l => l.StartsWith("claw_openclaw_sessions_in_use{", StringComparison.Ordinal) && l.Contains($"gateway=\"{fixture.GatewayId}\"", StringComparison.Ordinal));
        Assert.Contains(samples, l => l.StartsWith("claw_openclaw_turns_total{", StringComparison.Ordinal) && l.Contains("outcome=\"completed\"", StringComparison.Ordinal));
    }

    private DateTimeOffset ArrivalOf(string marker) => Model.Requests.First(r => r.Marker == marker).At;

    private static string Marker() => Guid.NewGuid().ToString("N")[..10];
}
