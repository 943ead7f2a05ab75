using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.OpenClaw;

/// <summary>
/// A fake model, one real gateway and one Claw host (SQLite) with that gateway registered and online: what a test class
/// of the connector shares. Timers are short (reports every second, reconnects from 200 ms up to 3 s) so outcomes
/// arrive quickly; nothing depends on them being met in time beyond generous polling budgets.
/// </summary>
public sealed class ConnectorFixture : IAsyncLifetime
{
    public static readonly string[] FastOpenClaw =
    [
        "--Claw:OpenClaw:ReportInterval", "00:00:01",
        "--Claw:OpenClaw:ReconnectBackoff", "00:00:00.200",
        "--Claw:OpenClaw:MaxReconnectBackoff", "00:00:03",
        "--Claw:OpenClaw:ProgressInterval", "00:00:00.300",
        "--Claw:OpenClaw:SessionRecheck", "00:00:01",
        "--Claw:OpenClaw:WatchPeriod", "00:00:05",

        // One gateway serves the whole class, whose tests make turns fail, abort them and kill the gateway mid-turn:
        // with breakers, the gateway node would be barred from openclaw.agent for the cooldown. Breakers have their own tests.
        "--Claw:Breakers:Failures", "0",
    ];

    private readonly TempDirectory _data = new();

    public FakeModelServer Model { get; private set; } = null!;

    public GatewayProcess Gateway { get; private set; } = null!;

    public ClawTestHost Host { get; private set; } = null!;

    public ClawApi Api { get; private set; } = null!;

    public string GatewayId { get; } = ClawApi.NewId("gw");

    public async Task InitializeAsync()
    {
        Model = await FakeModelServer.StartAsync();
        Gateway = await GatewayProcess.StartAsync(Model);
        Host = await ClawTestHost.StartAsync(_data.Path, FastOpenClaw);
        Api = new ClawApi(Host.CreateClient());
        await RegisterAsync(Api, GatewayId, Gateway.Url, Gateway.Token);
        await WaitForStatusAsync(Api, GatewayId, "online");
    }

    public static async Task<JsonElement> RegisterAsync(ClawApi api, string id, Uri url, string token, int sessions = 4)
    {
        var response = await api.Http.PostJsonAsync("/api/v1/openclaw/gateways",
            $$"""{"id":"{{id}}","name":"test gateway {{id}}","url":"{{url}}","token":"{{token}}","max_concurrent_sessions":{{sessions}}}""");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static Task<JsonElement> WaitForStatusAsync(ClawApi api, string id, string status) => Eventually.Until(
        () => GatewayAsync(api, id), g => g.Str("status") == status, TimeSpan.FromSeconds(90), $"gateway {id} {status}");

    public static async Task<JsonElement> GatewayAsync(ClawApi api, string id) =>
        await (await api.Http.GetAsync($"/api/v1/openclaw/gateways/{id}")).EnsureSuccessStatusCode().ReadJsonAsync();

    /// <summary>Submits an <c>openclaw.agent</c> task whose message carries <paramref name="marker"/>; answers its id.</summary>
    public async Task<string> SubmitTurnAsync(string marker, string? sessionKey = null, string? extra = null)
    {
        var session = sessionKey is null ? "" : $",\"session_key\":\"{sessionKey}\"";
        var response = await Api.Http.PostJsonAsync("/api/v1/tasks",
            $$"""{"type":"openclaw.agent","payload":{"message":"Reply to this. m:{{marker}}"{{session}}},"timeout_seconds":60{{extra ?? ""}}}""");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).Str("id");
    }

    public Task<JsonElement> WaitForTaskAsync(string taskId, string status, int seconds = 120) => Eventually.Until(
        () => Api.TaskAsync(taskId), t => t.Str("status") == status, TimeSpan.FromSeconds(seconds), $"task {taskId} {status}");

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Model is not null)
        {
            await Model.DisposeAsync();
        }

        _data.Dispose();
    }
}
