using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Claw.Tests.OpenClaw;

/// <summary>
/// Managed instances with the real gateway as the launcher: Claw starts the process in its own folder on a port of its
/// range, waits for <c>hello-ok</c>, registers and connects its gateway, stops, starts, restarts it after a
/// <c>kill -9</c>, and destroys it.
/// </summary>
[Collection(RealGatewayCollection.Name)]
public sealed class InstanceTests(InstanceTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<InstanceTests.Fixture>
{
    private ClawApi Api => fixture.Api;

    [Fact]
    public async Task An_instance_is_provisioned_runs_an_agent_turn_stops_starts_survives_kill_9_and_is_destroyed()
    {
        var created = await Api.Http.PostJsonAsync("/api/v1/instances",
            $$"""{"name":"lifecycle","model_provider":{"base_url":"{{fixture.Model.BaseUrl}}","api":"openai-completions","model":"{{FakeModelServer.ModelId}}","api_key":"sk-local"},"max_concurrent_sessions":2}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var instance = await created.ReadJsonAsync();
        var id = instance.Str("id");
        Assert.Equal("provisioning", instance.Str("status"));
        Assert.DoesNotContain("sk-local", instance.ToString(), StringComparison.Ordinal);
        var root = Path.Combine(fixture.InstancesDirectory, id);
        Assert.True(File.Exists(Path.Combine(root, "openclaw.json")));

        var running = await WaitForAsync(id, "running");
        var pid = running.GetProperty("pid").GetInt32();
        Assert.Equal("2026.9.6", running.Str("version"));
        Assert.InRange(running.GetProperty("port").GetInt32(), fixture.FirstPort, fixture.FirstPort + 19);
        output.WriteLine($"instance start-up: {running.GetProperty("startup_seconds").GetDouble():F1} s to hello-ok");
        var gateway = await ConnectorFixture.WaitForStatusAsync(Api, id, "online");
        Assert.Equal(id, gateway.Str("instance_id"));

        // Its gateway runs agent turns like any other.
        var marker = Guid.NewGuid().ToString("N")[..10];
        var task = await Api.Http.PostJsonAsync("/api/v1/tasks", $$$"""{"type":"openclaw.agent","payload":{"message":"m:{{{marker}}}"}}""");
        var taskId = (await task.ReadJsonAsync()).Str("id");
        var done = await Eventually.Until(() => Api.TaskAsync(taskId), t => t.Str("status") == "completed", TimeSpan.FromSeconds(120), "the instance's turn");
        Assert.Equal(FakeModelServer.ReplyFor(marker), done.GetProperty("result").Str("text"));
        Assert.Equal(id, done.Str("node_id"));
        var memory = (await InstanceAsync(id)).GetProperty("memory_bytes").GetInt64();
        output.WriteLine($"instance memory after a turn: {memory / 1024 / 1024} MB (process tree RSS)");
        Assert.True(memory > 100 * 1024 * 1024, $"a gateway process tree is large; measured {memory} bytes");

        var logs = await (await Api.Http.GetAsync($"/api/v1/instances/{id}/logs?tail=50")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.NotEmpty(logs.GetProperty("lines").EnumerateArray());
        Assert.True(logs.GetProperty("lines").GetArrayLength() <= 50);

        var stopped = await PostAsync($"/api/v1/instances/{id}/stop");
        Assert.Equal("stopped", stopped.Str("status"));
        Assert.False(Alive(pid), "the process is gone after stop");
        await ConnectorFixture.WaitForStatusAsync(Api, id, "offline");

        await PostAsync($"/api/v1/instances/{id}/start");
        var again = await WaitForAsync(id, "running");
        var secondPid = again.GetProperty("pid").GetInt32();
        Assert.NotEqual(pid, secondPid);
        Assert.Equal(0, again.GetProperty("restarts").GetInt32());

        ProcessTree(secondPid).Kill(); // kill -9 of the gateway's main process
        var restarted = await Eventually.Until(() => InstanceAsync(id),
            i => i.GetProperty("restarts").GetInt32() == 1 && i.Str("status") == "running" && i.GetProperty("pid").GetInt32() != secondPid,
            OpenClawInstall.StartBudget, "a restart after kill -9");
        Assert.Contains("killed", restarted.Str("last_error"), StringComparison.Ordinal);
        await ConnectorFixture.WaitForStatusAsync(Api, id, "online");

        var destroyed = await (await Api.Http.DeleteAsync($"/api/v1/instances/{id}")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("destroyed", destroyed.Str("status"));
        Assert.False(Directory.Exists(root), "the instance folder is removed");
        Assert.False(Alive(restarted.GetProperty("pid").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/v1/openclaw/gateways/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/v1/nodes/{id}")).StatusCode);
        Assert.Equal("destroyed", (await InstanceAsync(id)).Str("status"));
    }

    private Task<JsonElement> WaitForAsync(string id, string status) =>
        Eventually.Until(() => InstanceAsync(id), i => i.Str("status") == status, OpenClawInstall.StartBudget, $"instance {id} {status}");

    private async Task<JsonElement> InstanceAsync(string id) => await (await Api.Http.GetAsync($"/api/v1/instances/{id}")).EnsureSuccessStatusCode().ReadJsonAsync();

    private async Task<JsonElement> PostAsync(string path)
    {
        var response = await Api.Http.PostAsync(path, null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static bool Alive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static System.Diagnostics.Process ProcessTree(int pid) => System.Diagnostics.Process.GetProcessById(pid);

    /// <summary>A fake model and a Claw host whose launcher is the real gateway, with its own instance folder and port range.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TempDirectory _data = new();

        public FakeModelServer Model { get; private set; } = null!;

        public ClawTestHost Host { get; private set; } = null!;

        public ClawApi Api { get; private set; } = null!;

        public int FirstPort { get; } = FreePort.Next() / 20 * 20;

        public string InstancesDirectory => Path.Combine(_data.Path, "instances");

        public async Task InitializeAsync()
        {
            Model = await FakeModelServer.StartAsync();
            Host = await ClawTestHost.StartAsync(_data.Path,
            [
                .. ConnectorFixture.FastOpenClaw,
                "--Claw:Instances:Launcher", OpenClawInstall.Launcher,
                "--Claw:Instances:PortRange", $"{FirstPort}-{FirstPort + 19}",
                "--Claw:Instances:RestartBackoff", "00:00:00.500",
                "--Claw:Instances:StartTimeout", "00:03:00",
            ]);
            Api = new ClawApi(Host.CreateClient());
        }

        public async Task DisposeAsync()
        {
            if (Host is not null)
            {
                await Host.DisposeAsync(); // stops every instance process it launched
            }

            if (Model is not null)
            {
                await Model.DisposeAsync();
            }

            _data.Dispose();
        }
    }
}
