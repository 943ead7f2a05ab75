using System.Net;
using Claw.Client;
using Claw.Client.Auth;
using Claw.Client.Nodes;
using Claw.Client.Tasks;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Clients;

/// <summary>
/// The client and the worker against a host that requires credentials and limits each caller to two requests a
/// second: the key travels as a bearer token (on the control channel's upgrade too), a missing one is a typed 401,
/// and 429s are waited out as <c>Retry-After</c> says instead of reaching the caller.
/// </summary>
public sealed class ClientAuthTests
{
    private const string AdminKey = "claw_00000000000c1e47_client-tests-bootstrap-secret-0123456789abcdef";

    [Fact]
    public async Task Credentials_travel_as_bearer_tokens_and_rate_limits_are_waited_out()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path,
            "--Claw:Auth:Mode", "Required",
            "--Claw:Auth:BootstrapKey", AdminKey,
            "--Claw:RateLimits:PermitsPerSecond", "2",
            "--Claw:RateLimits:Burst", "2");

        using var anonymous = new ClawClient(host.BaseAddress);
        var refused = await Assert.ThrowsAsync<ClawApiException>(() => anonymous.Tasks.GetAsync("any"));
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), (refused.Status, refused.Code));

        var wire = new CountingHandler();
        using var admin = new ClawClient(new ClawClientOptions { BaseAddress = host.BaseAddress, ApiKey = AdminKey, InnerHandler = wire, MaxRetries = 10 });
        Assert.Equal(("api_key", "admin"), ((await admin.Keys.MeAsync()).Kind, (await admin.Keys.MeAsync()).Role));
        for (var i = 0; i < 8; i++)
        {
            await admin.Keys.MeAsync(); // ten calls at two a second: some are refused with 429 and waited out
        }

        Assert.True(wire.Count(HttpStatusCode.TooManyRequests) > 0, "the server refused some calls with 429");
        Assert.Equal(10, wire.Count(HttpStatusCode.OK));

        // A worker with an agent key bound to its node runs a task under the same limits.
        var queue = ClientsFixture.Unique("q");
        var nodeId = ClientsFixture.Unique("agent");
        await admin.Nodes.RegisterAsync(new RegisterNodeRequest { Id = nodeId, Name = "agent node" });
        var agentKey = await admin.Keys.CreateAsync(new CreateKeyRequest("worker", "agent", NodeId: nodeId));
        await using var worker = new WorkerHarness(host.BaseAddress, queue, (job, _) => Task.FromResult<object?>(new { by = "agent" }), options =>
        {
            options.NodeId = nodeId;
            options.ApiKey = agentKey.Key;
        });
        var task = await admin.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue });
        ClawTask done;
        try
        {
            done = await Eventually.Until(() => admin.Tasks.GetAsync(task.Id), t => t.IsTerminal || worker.Failure is not null, TimeSpan.FromSeconds(120), "the task to end");
        }
        catch (Xunit.Sdk.XunitException timeout)
        {
            throw new Xunit.Sdk.XunitException($"{timeout.Message}\nworker log:\n{worker.Log}");
        }

        Assert.True(worker.Failure is null && done.Status == TaskStatuses.Completed, $"{worker.Failure}\n{worker.Log}");
        Assert.Equal((TaskStatuses.Completed, nodeId), (done.Status, done.NodeId));
        Assert.Equal("agent", done.Result!.Value.GetProperty("by").GetString());
    }
}
