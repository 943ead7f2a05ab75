using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.OpenClaw;

/// <summary>
/// Instances that cannot run, without a real gateway: a launcher that exits at once is restarted with backoff and
/// counted, then the instance is put in <c>error</c>; a launcher that does not exist says so; the port range runs out
/// with 409 and a destroyed instance gives its port back; an upgrade needs <c>{version}</c> in the launcher.
/// </summary>
public sealed class InstanceFailureTests(InstanceFailureTests.Fixture fixture) : IClassFixture<InstanceFailureTests.Fixture>
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task A_process_that_keeps_dying_before_ready_is_restarted_with_backoff_then_put_in_error()
    {
        var id = await CreateAsync(fixture.Crashing);

        var failed = await Eventually.Until(() => InstanceAsync(fixture.Crashing, id), i => i.Str("status") == "error", TimeSpan.FromSeconds(60), "the instance in error");

        Assert.Equal(3, failed.GetProperty("restarts").GetInt32()); // MaxFailedStarts 2: the third failed start gives up
        Assert.Contains("gave up after 3 failed starts", failed.Str("last_error"), StringComparison.Ordinal);
        Assert.Contains("exited with code 1", failed.Str("last_error"), StringComparison.Ordinal);
        var destroyed = await (await fixture.Crashing.DeleteAsync($"/api/v1/instances/{id}")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("destroyed", destroyed.Str("status"));
    }

    [Fact]
    public async Task A_launcher_that_does_not_exist_is_reported()
    {
        var id = await CreateAsync(Http);

        var failed = await Eventually.Until(() => InstanceAsync(Http, id), i => i.Str("status") == "error", TimeSpan.FromSeconds(60), "the instance in error");

        Assert.Contains("the launcher could not be started", failed.Str("last_error"), StringComparison.Ordinal);
        await (await Http.PostJsonAsync($"/api/v1/instances/{id}/upgrade", """{"version":"2026.9.7"}"""))
            .AssertProblemAsync(HttpStatusCode.Conflict, "upgrade_unsupported");
        (await Http.DeleteAsync($"/api/v1/instances/{id}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Ports_run_out_with_409_and_a_destroyed_instance_gives_its_port_back()
    {
        var first = await CreateAsync(fixture.OnePort);
        var refused = await fixture.OnePort.PostJsonAsync("/api/v1/instances", """{"name":"second"}""");
        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "ports_exhausted");

        (await fixture.OnePort.DeleteAsync($"/api/v1/instances/{first}")).EnsureSuccessStatusCode();
        var second = await CreateAsync(fixture.OnePort);

        Assert.Equal(fixture.Port, (await InstanceAsync(fixture.OnePort, second)).GetProperty("port").GetInt32());
        (await fixture.OnePort.DeleteAsync($"/api/v1/instances/{second}")).EnsureSuccessStatusCode();
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"x","max_concurrent_sessions":0}""", "max_concurrent_sessions")]
    [InlineData("""{"name":"x","model_provider":{"base_url":"ftp://x","model":"m"}}""", "model_provider.base_url")]
    [InlineData("""{"name":"x","model_provider":{"base_url":"http://x","model":"m","api":"other"}}""", "model_provider.api")]
    [InlineData("""{"name":"x","model_provider":{"base_url":"http://x"}}""", "model_provider.model")]
    public async Task A_bad_instance_is_refused_naming_the_field(string body, string field)
    {
        var problem = await (await Http.PostJsonAsync("/api/v1/instances", body)).AssertValidationProblemAsync();

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Unknown_instances_answer_404()
    {
        await (await Http.GetAsync("/api/v1/instances/no-such-instance")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Http.PostAsync("/api/v1/instances/no-such-instance/stop", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Http.GetAsync("/api/v1/instances/no-such-instance/logs")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private static async Task<string> CreateAsync(HttpClient http)
    {
        var response = await http.PostJsonAsync("/api/v1/instances", """{"name":"doomed","model_provider":{"base_url":"http://127.0.0.1:9/v1","model":"m","api_key":"sk-secret"}}""");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("sk-secret", body, StringComparison.Ordinal);
        return JsonDocument.Parse(body).RootElement.Str("id");
    }

    private static async Task<JsonElement> InstanceAsync(HttpClient http, string id) =>
        await (await http.GetAsync($"/api/v1/instances/{id}")).EnsureSuccessStatusCode().ReadJsonAsync();

    /// <summary>Three hosts: a launcher that does not exist, one that exits at once, and a range of one port.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TempDirectory _data = new();
        private readonly List<ClawTestHost> _hosts = [];

        public HttpClient Http { get; private set; } = null!;

        public HttpClient Crashing { get; private set; } = null!;

        public HttpClient OnePort { get; private set; } = null!;

        public int Port { get; } = FreePort.Next();

        public async Task InitializeAsync()
        {
            Http = await StartAsync("missing", "/nonexistent/openclaw gateway run");
            Crashing = await StartAsync("crashing", "/bin/false");
            OnePort = await StartAsync("one-port", "/bin/false", "--Claw:Instances:PortRange", $"{Port}-{Port}");
        }

        private async Task<HttpClient> StartAsync(string name, string launcher, params string[] more)
        {
            var host = await ClawTestHost.StartAsync(Path.Combine(_data.Path, name),
            [
                "--Claw:Instances:Launcher", launcher,
                "--Claw:Instances:RestartBackoff", "00:00:00.100",
                "--Claw:Instances:MaxFailedStarts", "2",
                .. more,
            ]);
            _hosts.Add(host);
            return host.CreateClient();
        }

        public async Task DisposeAsync()
        {
            foreach (var host in _hosts)
            {
                await host.DisposeAsync();
            }

            _data.Dispose();
        }
    }
}
