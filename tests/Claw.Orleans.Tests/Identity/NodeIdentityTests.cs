using System.Net;
using System.Text.Json;
using Claw.Grains.Identity;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Identity;

/// <summary>
/// Ed25519 node identity against a real host (API.md "Security"): signed results over HTTP and the control channel,
/// their refusals, the nonce store surviving a restart, the connect challenge and key rotation.
/// </summary>
public sealed class NodeIdentityTests
{
    [Fact]
    public async Task A_signed_result_is_accepted_once_and_its_replay_is_refused_even_after_a_restart()
    {
        using var data = new TempDirectory();
        using var signer = new NodeSigner();
        string taskId, replay;
        await using (var host = await ClawTestHost.StartAsync(data.Path))
        {
            var api = new ClawApi(host.CreateClient());
            var (node, queue) = await RegisterAsync(api, signer);
            var assignment = await api.PollOneAsync(node, queue);
            taskId = assignment.Str("task_id");
            replay = $$"""{"result":{"answer":42},"signature":{{signer.SignatureJson(taskId, assignment.Str("lease_id"), assignment.GetProperty("attempt").GetInt32(), "result", """{"answer":42}""")}}}""";
            (await api.Http.PostJsonAsync($"/api/v1/tasks/{taskId}/complete", replay)).EnsureSuccessStatusCode();
            Assert.Equal("completed", await api.StatusAsync(taskId));
            await (await api.Http.PostJsonAsync($"/api/v1/tasks/{taskId}/complete", replay)).AssertProblemAsync(HttpStatusCode.Conflict, "replayed");
        }

        await using var again = await ClawTestHost.StartAsync(data.Path);
        using var client = again.CreateClient();
        await (await client.PostJsonAsync($"/api/v1/tasks/{taskId}/complete", replay)).AssertProblemAsync(HttpStatusCode.Conflict, "replayed");
        var audit = await (await client.GetAsync("/api/v1/audit?type=signature_failed")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("reason") == "replayed" && e.Str("resource") == "task:" + taskId);
    }

    [Fact]
    public async Task Unsigned_stale_and_foreign_signatures_are_refused_and_a_rotation_needs_the_old_key()
    {
        using var data = new TempDirectory();
        using var signer = new NodeSigner();
        using var stranger = new NodeSigner();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        var api = new ClawApi(host.CreateClient());
        var (node, queue) = await RegisterAsync(api, signer);
        var assignment = await api.PollOneAsync(node, queue);
        var (task, lease, attempt) = (assignment.Str("task_id"), assignment.Str("lease_id"), assignment.GetProperty("attempt").GetInt32());
        var url = $"/api/v1/tasks/{task}/complete";

        await (await api.Http.PostJsonAsync(url, """{"result":{"ok":1}}""")).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_required");
        await (await api.Http.PostJsonAsync(url, $$"""{"result":{"ok":1},"signature":{{stranger.SignatureJson(task, lease, attempt, "result", """{"ok":1}""")}}}"""))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_signature");
        await (await api.Http.PostJsonAsync(url, $$"""{"result":{"ok":2},"signature":{{signer.SignatureJson(task, lease, attempt, "result", """{"ok":1}""")}}}"""))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_signature"); // signed another result
        var old = DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds();
        await (await api.Http.PostJsonAsync(url, $$"""{"result":{"ok":1},"signature":{{signer.SignatureJson(task, lease, attempt, "result", """{"ok":1}""", old)}}}"""))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "stale_signature");
        var ahead = DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds();
        await (await api.Http.PostJsonAsync(url, $$"""{"result":{"ok":1},"signature":{{signer.SignatureJson(task, lease, attempt, "result", """{"ok":1}""", ahead)}}}"""))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "stale_signature");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var unsignable in new[] { """{"a":1,"a":2}""", """{"x":1e400}""" })
        {
            // No canonical form (a member name twice, a number beyond a double): no signature can cover it, and it is not a 500.
            var refused = await api.Http.PostJsonAsync(url, $$$"""{"result":{{{unsignable}}},"signature":{"ts":{{{now}}},"nonce":"n{{{Guid.NewGuid():N}}}","sig":"x"}}""");
            Assert.True((int)refused.StatusCode is 401 or 422, $"{unsignable}: {(int)refused.StatusCode}");
        }

        await (await api.Http.PostJsonAsync(url, $$$"""{"result":{"a":1,"a":2},"signature":{"ts":{{{now}}},"nonce":"n{{{Guid.NewGuid():N}}}","sig":"x"}}"""))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_signature");
        Assert.Equal("assigned", await api.StatusAsync(task));

        await (await api.Http.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{node}}","name":"{{node}}","public_key":"{{stranger.PublicKey}}"}"""))
            .AssertProblemAsync(HttpStatusCode.Conflict, "public_key_mismatch");
        var forgedRotation = stranger.Sign(SignedTexts.Rotate(node, stranger.PublicKey));
        await (await api.Http.PutAsync($"/api/v1/nodes/{node}/public_key", HttpAssertions.Json($$"""{"public_key":"{{stranger.PublicKey}}","signature":"{{forgedRotation}}"}""")))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_signature");
        var rotation = signer.Sign(SignedTexts.Rotate(node, stranger.PublicKey));
        var rotated = await (await api.Http.PutAsync($"/api/v1/nodes/{node}/public_key", HttpAssertions.Json($$"""{"public_key":"{{stranger.PublicKey}}","signature":"{{rotation}}"}"""))).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(stranger.PublicKey, rotated.Str("public_key"));

        await (await api.Http.PostJsonAsync(url, $$"""{"result":{"ok":1},"signature":{{signer.SignatureJson(task, lease, attempt, "result", """{"ok":1}""")}}}"""))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "bad_signature"); // the old key no longer speaks for the node
        (await api.Http.PostJsonAsync(url, $$"""{"result":{"ok":1},"signature":{{stranger.SignatureJson(task, lease, attempt, "result", """{"ok":1}""")}}}""")).EnsureSuccessStatusCode();
        Assert.Equal("completed", await api.StatusAsync(task));
    }

    [Fact]
    public async Task The_control_channel_is_the_nodes_only_once_it_signs_the_challenge_and_its_frames_are_signed()
    {
        using var data = new TempDirectory();
        using var signer = new NodeSigner();
        using var stranger = new NodeSigner();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        var api = new ClawApi(host.CreateClient());
        var (node, queue) = await RegisterAsync(api, signer, submit: false);

        await using (var intruder = await WsClient.ConnectAsync(host.BaseAddress, node, $"&queues={queue}"))
        {
            var challenge = (await intruder.ExpectAsync("challenge")).GetProperty("payload");
            await intruder.SendAsync("auth", new { signature = stranger.SignConnect(node, challenge) });
            var frames = await intruder.UntilClosedAsync(TimeSpan.FromSeconds(20));
            Assert.DoesNotContain(frames, f => f.Str("type") == "connected");
            Assert.Equal(4401, (int?)intruder.CloseStatus);
        }

        await using var ws = await WsClient.ConnectAsync(host.BaseAddress, node, $"&queues={queue}");
        var mine = (await ws.ExpectAsync("challenge")).GetProperty("payload");
        await ws.SendAsync("auth", new { signature = signer.SignConnect(node, mine) });
        await ws.ExpectAsync("connected");
        var task = (await api.SubmitAsync(queue)).Str("id");
        var assigned = (await ws.ExpectAsync("task_assigned")).GetProperty("payload");
        Assert.Equal(task, assigned.Str("task_id"));

        await ws.SendAsync("task_complete", new { task_id = task, success = true, result = new { ok = 1 } });
        var rejected = (await ws.ExpectAsync("result_rejected")).GetProperty("payload");
        Assert.Equal("signature_required", rejected.Str("code"));
        var signature = JsonDocument.Parse(signer.SignatureJson(task, assigned.Str("lease_id"), assigned.GetProperty("attempt").GetInt32(), "result", """{"ok":1}""")).RootElement;
        await ws.SendAsync("task_complete", new { task_id = task, success = true, result = new { ok = 1 }, signature });
        await Eventually.Until(() => api.StatusAsync(task), s => s == "completed", TimeSpan.FromSeconds(20), "the signed task_complete");
    }

    /// <summary>A node with <paramref name="signer"/>'s key and a queue of its own (holding one task unless <paramref name="submit"/> is false).</summary>
    [Fact]
    public async Task A_lease_is_judged_by_the_key_its_holder_had_when_it_was_issued()
    {
        using var data = new TempDirectory();
        using var signer = new NodeSigner();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        var api = new ClawApi(host.CreateClient());
        var queue = ClawApi.NewId("q");
        var node = await api.RegisterNodeAsync(slots: 2, online: true);
        await api.SubmitAsync(queue);
        var keyless = await api.PollOneAsync(node, queue);

        (await api.Http.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{node}}","name":"{{node}}","max_concurrent_tasks":2,"public_key":"{{signer.PublicKey}}"}""")).EnsureSuccessStatusCode();
        await api.SubmitAsync(queue);
        var keyed = await api.PollOneAsync(node, queue);

        // The first lease went to a keyless node: its unsigned result needs no proof. The second one's does.
        (await api.Http.PostJsonAsync($"/api/v1/tasks/{keyless.Str("task_id")}/complete", """{"result":{"ok":1}}""")).EnsureSuccessStatusCode();
        Assert.Equal("completed", await api.StatusAsync(keyless.Str("task_id")));
        var (task, lease, attempt) = (keyed.Str("task_id"), keyed.Str("lease_id"), keyed.GetProperty("attempt").GetInt32());
        await (await api.Http.PostJsonAsync($"/api/v1/tasks/{task}/complete", """{"result":{"ok":1}}""")).AssertProblemAsync(HttpStatusCode.Unauthorized, "signature_required");
        (await api.Http.PostJsonAsync($"/api/v1/tasks/{task}/complete", $$"""{"result":{"ok":1},"signature":{{signer.SignatureJson(task, lease, attempt, "result", """{"ok":1}""")}}}""")).EnsureSuccessStatusCode();
        Assert.Equal("completed", await api.StatusAsync(task));
    }

    private static async Task<(string Node, string Queue)> RegisterAsync(ClawApi api, NodeSigner signer, bool submit = true)
    {
        var queue = ClawApi.NewId("q");
        var node = await api.RegisterNodeAsync(extra: $$""","public_key":"{{signer.PublicKey}}" """, online: true);
        if (submit)
        {
            await api.SubmitAsync(queue);
        }

        return (node, queue);
    }
}
