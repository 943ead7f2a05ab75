using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Operations;

/// <summary>
/// Task callbacks over the real host and a real webhook on its own Kestrel port: one signed POST per terminal state,
/// retried past a receiver that refuses or hangs without holding up dispatch, and owed across a silo restart.
/// Each test has its own receiver (its own port, so its own circuit breaker in the sender).
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class CallbackTests(OperationsFixture fixture)
{
    private const string TaskSecret = "a-task-s-own-callback-secret-42";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_completed_task_posts_its_terminal_state_once_signed_with_the_configured_secret()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var taskId = await RunToCompletionAsync(_api, receiver, secret: null);

        var delivered = await DeliveredOnceAsync(receiver, taskId);
        Assert.Equal("task.completed", delivered.Json.Str("event"));
        Assert.Equal("completed", delivered.Json.GetProperty("task").Str("status"));
        Assert.True(delivered.Json.GetProperty("task").GetProperty("result").GetProperty("ok").GetBoolean());
        Assert.Equal("task.completed", delivered.Headers["X-Claw-Event"]);
        Assert.Equal("application/json", delivered.Headers["Content-Type"].Split(';')[0]);
        Assert.True(SignatureMatches(delivered, OperationsFixture.Secret));
        Assert.False(SignatureMatches(delivered, TaskSecret));

        var delivery = (await DeliveriesAsync(taskId)).Single();
        Assert.Equal(("delivered", 1, "task.completed", 200), (delivery.Str("status"), delivery.GetProperty("attempts").GetInt32(), delivery.Str("event"), delivery.GetProperty("last_status_code").GetInt32()));
        Assert.Equal(delivery.Str("id"), delivered.Headers["X-Claw-Delivery"]);
        Assert.Equal(receiver.Url.ToString(), delivery.Str("url"));
    }

    [Fact]
    public async Task A_task_s_own_callback_secret_signs_its_callback_instead_of_the_configured_one()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var taskId = await RunToCompletionAsync(_api, receiver, TaskSecret);

        var delivered = await DeliveredOnceAsync(receiver, taskId);
        Assert.True(SignatureMatches(delivered, TaskSecret));
        Assert.False(SignatureMatches(delivered, OperationsFixture.Secret));
        Assert.False(SignatureMatches(delivered, TaskSecret + "x"));
        Assert.DoesNotContain(TaskSecret, Encoding.UTF8.GetString(delivered.Body)); // the secret signs; it is never sent
    }

    [Fact]
    public async Task A_task_that_fails_for_good_and_one_that_is_cancelled_post_their_terminal_states()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var queue = ClawApi.NewId("cbf");
        var node = await _api.RegisterNodeAsync();
        var failing = (await _api.SubmitAsync(queue, Callback(receiver))).Str("id");
        var lease = await _api.PollOneAsync(node, queue);
        (await _api.Http.PostJsonAsync($"/api/v1/leases/{lease.Str("lease_id")}/fail", $$"""{"token":"{{lease.Str("lease_token")}}","error":"broken for good","retriable":false}""")).EnsureSuccessStatusCode();
        var cancelled = (await _api.SubmitAsync(ClawApi.NewId("cbc"), Callback(receiver))).Str("id");
        (await _api.Http.PostJsonAsync($"/api/v1/tasks/{cancelled}/cancel", """{"reason":"not needed"}""")).EnsureSuccessStatusCode();

        var failed = await DeliveredOnceAsync(receiver, failing);
        Assert.Equal(("task.failed", "failed", "broken for good"), (failed.Json.Str("event"), failed.Json.GetProperty("task").Str("status"), failed.Json.GetProperty("task").Str("error")));
        Assert.True(SignatureMatches(failed, OperationsFixture.Secret));
        var cancel = await DeliveredOnceAsync(receiver, cancelled);
        Assert.Equal(("task.cancelled", "cancelled"), (cancel.Json.Str("event"), cancel.Json.GetProperty("task").Str("status")));
        Assert.True(SignatureMatches(cancel, OperationsFixture.Secret));
    }

    [Fact]
    public async Task A_receiver_that_answers_503_and_recovers_gets_the_callback_once_after_retries()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Refuse();
        var taskId = await RunToCompletionAsync(_api, receiver, secret: null);

        // At least one whole attempt (with its quick in-attempt retries) has failed and the delivery is due again.
        var refused = await Eventually.Until(
            () => DeliveriesAsync(taskId), d => d.Count == 1 && d[0].GetProperty("attempts").GetInt32() >= 1, Wait, "a failed attempt on the delivery");
        Assert.Equal("pending", refused[0].Str("status"));
        Assert.False(string.IsNullOrEmpty(refused[0].Str("last_error")));
        Assert.True(receiver.Turned >= 1);
        Assert.Empty(receiver.Delivered);

        receiver.Answer();
        var delivered = await DeliveredOnceAsync(receiver, taskId);
        Assert.True(SignatureMatches(delivered, OperationsFixture.Secret));
        var delivery = (await DeliveriesAsync(taskId)).Single();
        Assert.Equal("delivered", delivery.Str("status"));
        Assert.True(delivery.GetProperty("attempts").GetInt32() > 1, delivery.ToString());
        Assert.Equal(delivery.Str("id"), delivered.Headers["X-Claw-Delivery"]);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a repeat would come within a poll or two
        Assert.Single(receiver.Delivered);
    }

    [Fact]
    public async Task A_hanging_receiver_does_not_hold_up_dispatch_and_every_delivery_arrives_once_when_it_answers()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Hang();
        var queue = ClawApi.NewId("cbh");
        var node = await _api.RegisterNodeAsync(slots: 4);
        var hung = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            hung.Add(await RunToCompletionAsync(_api, receiver, secret: null, queue, node));
        }

        await Eventually.Until(() => Task.FromResult(receiver.Turned), n => n >= 1, Wait, "the receiver to hold a delivery");

        // While every delivery hangs: more tasks, with and without callbacks, are leased and completed by the node.
        var more = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            more.Add((await _api.SubmitAsync(queue, i % 2 == 0 ? Callback(receiver) : null)).Str("id"));
        }

        var completed = 0;
        while (completed < more.Count)
        {
            var leases = await _api.PollAsync(node, queue, max: 4, wait: 10);
            Assert.NotEmpty(leases);
            foreach (var lease in leases)
            {
                (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
                completed++;
            }
        }

        foreach (var id in more)
        {
            Assert.Equal("completed", await _api.StatusAsync(id));
        }

        Assert.Empty(receiver.Delivered); // all this happened while the receiver answered nobody

        receiver.Answer();
        string[] owed = [.. hung, .. more.Where((_, i) => i % 2 == 0)];
        await Eventually.Until(
            () => Task.FromResult(receiver.Delivered.Select(c => c.TaskId).Distinct().Count()), n => n == owed.Length, Wait, "every owed callback to arrive");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a repeat would come within a poll or two
        var byTask = receiver.Delivered.GroupBy(c => c.TaskId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(owed.Order(), byTask.Keys.Order());
        Assert.All(byTask, pair => Assert.Equal(1, pair.Value));
        foreach (var id in owed)
        {
            Assert.Equal("delivered", (await DeliveriesAsync(id)).Single().Str("status"));
        }

        foreach (var id in more.Where((_, i) => i % 2 == 1))
        {
            Assert.Empty(await DeliveriesAsync(id));
        }
    }

    [Fact]
    public async Task A_silo_restart_between_the_terminal_state_and_the_delivery_still_delivers_it()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Refuse(); // nothing can be delivered before the restart
        using var data = new TempDirectory();
        string taskId;
        await using (var first = await ClawTestHost.StartAsync(data.Path, OperationsFixture.HostArgs))
        {
            using var client = first.CreateClient();
            taskId = await RunToCompletionAsync(new ClawApi(client), receiver, secret: null);
        }

        Assert.Empty(receiver.Delivered);
        receiver.Answer();
        await using var second = await ClawTestHost.StartAsync(data.Path, OperationsFixture.HostArgs);
        using var again = second.CreateClient();
        var delivered = await DeliveredOnceAsync(receiver, taskId);
        Assert.Equal("task.completed", delivered.Json.Str("event"));
        Assert.True(SignatureMatches(delivered, OperationsFixture.Secret));
        var delivery = await Eventually.Until(
            async () => await DeliveriesAsync(again, taskId), d => d.Single().Str("status") == "delivered", Wait, "the delivery recorded as delivered");
        Assert.Equal(delivered.Headers["X-Claw-Delivery"], delivery.Single().Str("id"));
    }

    [Fact]
    public async Task By_default_a_callback_to_a_loopback_address_or_name_is_refused_at_once_and_never_sent()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path, [.. OperationsFixture.HostArgs, "--Claw:Callbacks:AllowPrivateAddresses", "false"]);
        using var client = host.CreateClient();
        var api = new ClawApi(client);
        var byAddress = await RunToCompletionAsync(api, receiver, secret: null);
        var byName = (await api.SubmitAsync(ClawApi.NewId("cb"), $$""","callback_url":"http://localhost:{{receiver.Url.Port}}/hooks/claw" """)).Str("id");
        (await api.Http.PostJsonAsync($"/api/v1/tasks/{byName}/cancel", "{}")).EnsureSuccessStatusCode();

        foreach (var (taskId, name) in new[] { (byAddress, "127.0.0.1"), (byName, "localhost") })
        {
            var refused = (await Eventually.Until(
                () => DeliveriesAsync(client, taskId), d => d.Count == 1 && d[0].Str("status") != "pending", Wait, "the delivery to be given up")).Single();
            Assert.Equal(("failed", 1), (refused.Str("status"), refused.GetProperty("attempts").GetInt32()));
            Assert.StartsWith($"destination refused: {name} resolves to ", refused.Str("last_error"), StringComparison.Ordinal);
            Assert.Contains("loopback", refused.Str("last_error"), StringComparison.Ordinal);
            Assert.Contains("Claw:Callbacks:AllowPrivateAddresses", refused.Str("last_error"), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, refused.GetProperty("last_status_code").ValueKind);
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // given up means not tried again either
        Assert.Equal(1, (await DeliveriesAsync(client, byAddress)).Single().GetProperty("attempts").GetInt32());
        Assert.Empty(receiver.Delivered);
        Assert.Equal(0, receiver.Turned);
    }

    /// <summary>One task with a callback to <paramref name="receiver"/>, leased by a node and completed; its id.</summary>
    private static async Task<string> RunToCompletionAsync(ClawApi api, CallbackReceiver receiver, string? secret, string? queue = null, string? node = null)
    {
        queue ??= ClawApi.NewId("cb");
        node ??= await api.RegisterNodeAsync();
        var taskId = (await api.SubmitAsync(queue, Callback(receiver, secret))).Str("id");
        var lease = await api.PollOneAsync(node, queue);
        Assert.Equal(taskId, lease.Str("task_id"));
        (await api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        return taskId;
    }

    private static string Callback(CallbackReceiver receiver, string? secret = null) =>
        $$""","callback_url":"{{receiver.Url}}"{{(secret is null ? "" : $",\"callback_secret\":\"{secret}\"")}}""";

    /// <summary>The receiver's side of docs/api.md, written here from the spec: <c>sha256=</c> + hex HMAC-SHA256 of the body.</summary>
    private static bool SignatureMatches(ReceivedCallback callback, string secret)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), callback.Body));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(callback.Headers["X-Claw-Signature"]));
    }

    private static async Task<ReceivedCallback> DeliveredOnceAsync(CallbackReceiver receiver, string taskId)
    {
        await Eventually.Until(() => Task.FromResult(receiver.Delivered.Count(c => c.TaskId == taskId)), n => n >= 1, Wait, $"the callback of {taskId}");
        return Assert.Single(receiver.Delivered, c => c.TaskId == taskId);
    }

    private Task<List<JsonElement>> DeliveriesAsync(string taskId) => DeliveriesAsync(_api.Http, taskId);

    private static async Task<List<JsonElement>> DeliveriesAsync(HttpClient http, string taskId) =>
        [.. (await (await http.GetAsync($"/api/v1/tasks/{taskId}/callbacks")).EnsureSuccessStatusCode().ReadJsonAsync()).GetProperty("items").EnumerateArray()];
}
