using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>
/// A result without lease proof (no <c>lease_token</c>) is accepted only from the node that holds the lease (its key or
/// its control channel) or an operator/admin, and the timeline records who; with auth off, today's ClawBot behaviour.
/// </summary>
[Collection(SecuredCollection.Name)]
public sealed class FencingHoleTests(SecuredFixture fixture)
{
    [Fact]
    public async Task Another_nodes_key_cannot_complete_a_task_without_lease_proof()
    {
        var (task, holder, _) = await LeasedTaskAsync();
        var intruder = ClawApi.NewId("node");
        var intruderKey = await RegisterAsync(intruder);
        using var mallory = fixture.Client(intruderKey);

        var forged = await mallory.PostJsonAsync($"/api/v1/tasks/{task}/complete", $$"""{"result":{"forged":true},"node_id":"{{holder}}"}""");
        await forged.AssertProblemAsync(HttpStatusCode.Conflict, "lease_not_owner");
        await (await mallory.PostJsonAsync($"/api/v1/tasks/{task}/fail", """{"error":"forged"}""")).AssertProblemAsync(HttpStatusCode.Conflict, "lease_not_owner");
        await (await mallory.PostJsonAsync($"/api/v1/tasks/{task}/progress", """{"percent":99}""")).AssertProblemAsync(HttpStatusCode.Conflict, "lease_not_owner");
        await (await mallory.PostJsonAsync($"/api/v1/tasks/{task}/start", "{}")).AssertProblemAsync(HttpStatusCode.Conflict, "lease_not_owner");
        var view = await (await fixture.Admin.GetAsync($"/api/v1/tasks/{task}")).ReadJsonAsync();
        Assert.Equal("assigned", view.Str("status"));

        var denied = await Eventually.Until(
            async () => (await (await fixture.Admin.GetAsync($"/api/v1/audit?type=authorization_failure&principal=key:{intruderKey[5..21]}")).ReadJsonAsync()).GetProperty("items").GetArrayLength(),
            n => n >= 4, TimeSpan.FromSeconds(10), "the forged reports in the audit log");
        Assert.True(denied >= 4);
    }

    [Fact]
    public async Task The_holders_own_key_completes_without_proof_and_the_timeline_names_it()
    {
        var (task, _, holderKey) = await LeasedTaskAsync();
        using var holder = fixture.Client(holderKey);
        (await holder.PostJsonAsync($"/api/v1/tasks/{task}/complete", """{"result":{"ok":1}}""")).EnsureSuccessStatusCode();
        var timeline = await (await fixture.Admin.GetAsync($"/api/v1/tasks/{task}/timeline")).EnsureSuccessStatusCode().ReadJsonAsync();
        var completed = timeline.EnumerateArray().Single(e => e.Str("type") == "completed");
        Assert.Equal($"key:{holderKey[5..21]}", completed.Str("by"));
    }

    [Fact]
    public async Task An_operator_completes_without_proof_and_is_recorded()
    {
        var (task, _, _) = await LeasedTaskAsync();
        var operatorKey = await fixture.KeyAsync("operator");
        (await fixture.Client(operatorKey).PostJsonAsync($"/api/v1/tasks/{task}/complete", """{"result":{"by":"operator"}}""")).EnsureSuccessStatusCode();
        var timeline = await (await fixture.Admin.GetAsync($"/api/v1/tasks/{task}/timeline")).ReadJsonAsync();
        Assert.Equal($"key:{operatorKey[5..21]}", timeline.EnumerateArray().Single(e => e.Str("type") == "completed").Str("by"));
    }

    [Fact]
    public async Task Lease_proof_speaks_for_itself_whoever_sends_it()
    {
        var (task, _, _) = await LeasedTaskAsync();
        var lease = await (await fixture.Admin.GetAsync($"/api/v1/leases/{task}.1")).EnsureSuccessStatusCode().ReadJsonAsync();
        var agentOfNoNode = await fixture.KeyAsync("agent");
        var response = await fixture.Client(agentOfNoNode).PostJsonAsync($"/api/v1/leases/{task}.1/complete", $$$"""{"token":"{{{lease.Str("token")}}}","result":{}}""");
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Only_the_holder_and_operators_see_a_leases_token()
    {
        var (task, _, holderKey) = await LeasedTaskAsync();
        var readerView = await (await fixture.Client(await fixture.KeyAsync("reader")).GetAsync($"/api/v1/leases/{task}.1")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, readerView.GetProperty("token").ValueKind);
        var otherNode = await RegisterAsync(ClawApi.NewId("node"));
        var otherView = await (await fixture.Client(otherNode).GetAsync($"/api/v1/leases/{task}.1")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, otherView.GetProperty("token").ValueKind);
        var holderView = await (await fixture.Client(holderKey).GetAsync($"/api/v1/leases/{task}.1")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.False(string.IsNullOrEmpty(holderView.Str("token")));
        Assert.Equal(holderView.Str("token"), (await (await fixture.Admin.GetAsync($"/api/v1/leases/{task}.1")).ReadJsonAsync()).Str("token"));
    }

    [Fact]
    public async Task The_holders_control_channel_completes_without_proof_and_another_nodes_channel_cannot()
    {
        var queue = ClawApi.NewId("q");
        var holder = ClawApi.NewId("node");
        var holderKey = await RegisterAsync(holder);
        var other = ClawApi.NewId("node");
        var otherKey = await RegisterAsync(other);
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, holder, $"&queues={queue}", holderKey);
        await ws.ExpectAsync("connected");
        var task = (await (await fixture.Admin.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        Assert.Equal(task, (await ws.ExpectAsync("task_assigned")).GetProperty("payload").Str("task_id"));

        // The other node's key may not even open the holder's channel.
        await using (var intruder = await WsClient.TryConnectAsync(fixture.Host.BaseAddress, holder, otherKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, intruder.RefusedWith);
        }

        await using var otherWs = await WsClient.ConnectAsync(fixture.Host.BaseAddress, other, "", otherKey);
        await otherWs.ExpectAsync("connected");
        await otherWs.SendAsync("task_complete", new { task_id = task, success = true, result = new { forged = true } });
        Assert.Equal("lease_not_owner", (await otherWs.ExpectAsync("result_rejected")).GetProperty("payload").Str("code"));

        await ws.SendAsync("task_complete", new { task_id = task, success = true, result = new { ok = true } });
        await Eventually.Until(async () => (await (await fixture.Admin.GetAsync($"/api/v1/tasks/{task}")).ReadJsonAsync()).Str("status"),
            s => s == "completed", TimeSpan.FromSeconds(10), "the holder's frame to complete the task");
    }

    /// <summary>A task leased (by poll) to a new node that registered with its own node key.</summary>
    private async Task<(string Task, string Node, string NodeKey)> LeasedTaskAsync()
    {
        var queue = ClawApi.NewId("q");
        var node = ClawApi.NewId("node");
        var key = await RegisterAsync(node);
        var task = (await (await fixture.Admin.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        var polled = await (await fixture.Client(key).PostJsonAsync($"/api/v1/nodes/{node}/poll", $$"""{"queues":["{{queue}}"],"wait_seconds":5}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(task, polled.GetProperty("assignments")[0].Str("task_id"));
        return (task, node, key);
    }

    /// <summary>Registers a node as an operator would; answers the node key its registration hands out.</summary>
    private async Task<string> RegisterAsync(string node)
    {
        var registered = await fixture.Admin.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{node}}","name":"{{node}}"}""");
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var key = (await registered.ReadJsonAsync()).Str("node_key");
        Assert.Equal(node, (await (await fixture.Client(key).GetAsync("/api/v1/auth/me")).ReadJsonAsync()).Str("node_id"));
        return key;
    }
}
