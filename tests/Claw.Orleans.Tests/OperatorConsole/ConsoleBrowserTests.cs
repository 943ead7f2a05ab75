using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;
using static Claw.Tests.Infrastructure.BrowserPage;

namespace Claw.Tests.OperatorConsole;

/// <summary>
/// The operator console (<c>/console</c>) in a real headless Chromium against a real host: what an operator sees and
/// clicks, checked in the page's DOM and against the API. Screenshots go to <see cref="Screenshots"/> (the test
/// output folder, <c>tests/Claw.Orleans.Tests/bin/Release/net10.0/artifacts/console/</c>).
/// </summary>
public sealed class ConsoleBrowserTests
{
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "console");

    private const string AdminKey = "claw_00000000000c0a50_console-test-admin-secret-0123456789abcdef";

    /// <summary>Markup a task's submitter controls: the console must show it as text and never run it.</summary>
    private const string HostilePayload = "<img src=x onerror=\"window.__injected = 1\"><script>window.__injected = 2</script>";

    [Fact]
    public async Task A_failed_task_is_listed_its_timeline_shown_and_a_retry_click_sends_it_back_to_pending()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        using var http = host.CreateClient();
        var api = new ClawApi(http);
        var root = await (await http.GetAsync("/")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("/console/", root.Str("console"));

        var queue = ClawApi.NewId("console");
        var taskId = await FailedForGoodAsync(api, queue);

        await using var browser = await HeadlessChromium.StartAsync();
        var page = await browser.OpenPageAsync();
        await KeepingAScreenshotOnFailure(page, "failed-task-retried", async () =>
        {
            await page.NavigateAsync(new Uri(host.BaseAddress, $"/console/#/tasks?queue={queue}"));
            var row = $"tr[data-task-id=\"{taskId}\"]";
            await page.WaitForAsync($"document.querySelector({Js(row + " [data-field=status]")})?.textContent === 'failed'", "the failed task in the list");
            await page.WaitForAsync("document.getElementById('live').dataset.state === 'live'", "the event stream to be open");

            // Its timeline, opened by clicking its id: the events the API has, in its order.
            await page.ClickAsync($"{row} a");
            var shown = await page.WaitForAsync(
                "(() => { const types = [...document.querySelectorAll('.timeline tbody tr[data-type]')].map(r => r.dataset.type); return types.includes('failed') ? types : null; })()",
                "the task's timeline");
            Assert.Equal(await api.TimelineAsync(taskId), shown.EnumerateArray().Select(t => t.GetString()!));
            Assert.Equal("failed", await page.TextAsync("#task-status .badge"));

            // User data is shown as the characters it is, and nothing in it ran.
            Assert.Contains(HostilePayload.Replace("\"", "\\\"", StringComparison.Ordinal), await page.TextAsync("pre.json"), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.True, (await page.EvaluateAsync("window.__injected === undefined && document.querySelector('main img, main script') === null")).ValueKind);

            await page.ClickAsync("button[data-action=retry]");
            await page.WaitForAsync("document.querySelector('#task-status .badge')?.textContent === 'pending'", "the task to show pending after the retry");
            Assert.Equal("pending", await api.StatusAsync(taskId));
            Assert.Contains("retried", await api.TimelineAsync(taskId));
            await page.WaitForAsync("document.querySelector('.timeline tr[data-type=retried]') !== null", "the retry in the timeline on screen");
            await page.ScreenshotAsync(Path.Combine(Screenshots, "failed-task-retried.png"));

            // Live: a change made elsewhere reaches the open page through the event stream, without a reload.
            await page.EvaluateAsync("window.__samePage = true");
            (await http.PostJsonAsync($"/api/v1/tasks/{taskId}/cancel", """{"reason":"from another operator"}""")).EnsureSuccessStatusCode();
            await page.WaitForAsync("document.querySelector('#task-status .badge')?.textContent === 'cancelled'", "the cancel made over the API to show");
            Assert.Equal(JsonValueKind.True, (await page.EvaluateAsync("window.__samePage === true")).ValueKind);
            await page.WaitForAsync($"[...document.querySelectorAll('#live-events li')].some(li => li.dataset.type === 'task.cancelled' && li.textContent.includes({Js(taskId)}))", "the cancel in the live list");
            Assert.Empty(page.DevTools.PageErrors);
        });

        var png = await File.ReadAllBytesAsync(Path.Combine(Screenshots, "failed-task-retried.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]); // a PNG file's signature
    }

    [Fact]
    public async Task With_auth_required_the_page_loads_asks_for_a_key_and_sends_it_only_as_a_bearer_header()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path,
            "--Claw:Auth:Mode", "Required", "--Claw:Auth:BootstrapKey", AdminKey,
            "--Claw:RateLimits:AnonymousPermitsPerSecond", "100000", "--Claw:RateLimits:AnonymousBurst", "100000");
        using var anonymous = host.CreateClient();
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);

        // The page and its modules hold no data and load without credentials; the API stays closed.
        var shell = await anonymous.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.Equal("text/html", shell.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", shell.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", (await anonymous.GetAsync("/console/js/app.js")).EnsureSuccessStatusCode().Content.Headers.ContentType?.MediaType);
        await (await anonymous.GetAsync("/api/v1/tasks")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        var queue = ClawApi.NewId("console");
        var task = await new ClawApi(admin).SubmitAsync(queue);
        var keyResponse = await admin.PostJsonAsync("/api/v1/auth/keys", """{"name":"console operator","role":"operator"}""");
        Assert.Equal(HttpStatusCode.Created, keyResponse.StatusCode);
        var key = (await keyResponse.ReadJsonAsync()).Str("key");

        await using var browser = await HeadlessChromium.StartAsync();
        var page = await browser.OpenPageAsync();
        await KeepingAScreenshotOnFailure(page, "sign-in", async () =>
        {
            await page.NavigateAsync(new Uri(host.BaseAddress, $"/console/#/tasks?queue={queue}"));
            await page.WaitForAsync("document.getElementById('login').open", "the console to ask for a key");

            await SignInAsync(page, "claw_0000000000000bad_not-a-key-this-server-made");
            await page.WaitForAsync("document.getElementById('login-error').textContent.includes('refused')", "a wrong key to be refused");

            await SignInAsync(page, key);
            await page.WaitForAsync($"document.querySelector({Js($"tr[data-task-id=\"{task.Str("id")}\"]")}) !== null", "the task listed with the key");
            Assert.Contains("(operator)", await page.TextAsync("#who"), StringComparison.Ordinal);
            await page.WaitForAsync("document.getElementById('live').dataset.state === 'live'", "the event stream to open with the key");

            var addresses = await page.EvaluateAsync("[location.href, ...performance.getEntriesByType('resource').map(e => e.name)]");
            Assert.True(addresses.GetArrayLength() > 3, addresses.ToString());
            var secret = key[(key.IndexOf('_', "claw_".Length) + 1)..];
            Assert.All(addresses.EnumerateArray(), a => Assert.DoesNotContain(secret, a.GetString()!, StringComparison.Ordinal));
            Assert.Equal(0, (await page.EvaluateAsync("localStorage.length")).GetInt32());
            Assert.Empty(page.DevTools.PageErrors);
        });
    }

    [Fact]
    public async Task Nodes_workflows_and_swarms_show_their_state_and_drain_trace_and_pause_act()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        using var http = host.CreateClient();
        var api = new ClawApi(http);
        var node = await api.RegisterNodeAsync(slots: 2, online: true);
        var queue = ClawApi.NewId("console");
        var workflow = await (await http.PostJsonAsync("/api/v1/workflows",
            $$"""{"name":"console flow","start":true,"steps":[{"name":"fetch","queue":"{{queue}}"},{"name":"render","depends_on":["fetch"],"queue":"{{queue}}"}]}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        var swarm = (await (await http.PostJsonAsync("/api/v1/swarms", """{"name":"console swarm"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        await Eventually.Until(async () => (await (await http.GetAsync($"/api/v1/swarms/{swarm}")).ReadJsonAsync()).Str("status"), s => s == "running", TimeSpan.FromSeconds(30), "the swarm to run");

        await using var browser = await HeadlessChromium.StartAsync();
        var page = await browser.OpenPageAsync();
        await KeepingAScreenshotOnFailure(page, "nodes-workflows-swarms", async () =>
        {
            // Nodes: status and slots; Drain (its confirmation accepted) and the node drains.
            await page.NavigateAsync(new Uri(host.BaseAddress, "/console/#/nodes"));
            var nodeRow = $"tr[data-node-id=\"{node}\"]";
            await page.WaitForAsync($"document.querySelector({Js(nodeRow + " [data-field=status]")})?.textContent === 'online'", "the node online");
            Assert.Contains("0/2", await page.TextAsync(nodeRow), StringComparison.Ordinal);
            await page.EvaluateAsync("window.confirm = () => true");
            await page.ClickAsync($"{nodeRow} button[data-action=drain]");
            await page.WaitForAsync($"document.querySelector({Js(nodeRow + " [data-field=status]")})?.textContent === 'draining'", "the node draining");
            Assert.Equal("draining", (await (await http.GetAsync($"/api/v1/nodes/{node}")).ReadJsonAsync()).Str("status"));

            // Workflows: the steps, and a step's trace equal to its task's timeline.
            await page.NavigateAsync(new Uri(host.BaseAddress, $"/console/#/workflows/{workflow.Str("id")}"));
            await page.WaitForAsync("document.querySelectorAll('tr[data-step]').length === 2", "the workflow's two steps");
            var render = workflow.GetProperty("steps").EnumerateArray().Single(st => st.Str("name") == "render").Str("task_id");
            await page.ClickAsync("tr[data-step=render] button[data-action=trace]");
            var trace = await page.WaitForAsync(
                "(() => { const t = [...document.querySelectorAll('#step-trace .timeline tr[data-type]')].map(r => r.dataset.type); return t.length ? t : null; })()",
                "the render step's trace");
            Assert.Equal(await api.TimelineAsync(render), trace.EnumerateArray().Select(t => t.GetString()!));

            // Swarms: health, then Pause and Resume.
            await page.NavigateAsync(new Uri(host.BaseAddress, "/console/#/swarms"));
            var swarmRow = $"tr[data-swarm-id=\"{swarm}\"]";
            await page.WaitForAsync($"document.querySelector({Js(swarmRow + " [data-field=status]")})?.textContent === 'running'", "the swarm running");
            await page.WaitForAsync("document.querySelector('#cluster-health .badge') !== null", "the cluster's health");
            await page.EvaluateAsync("window.confirm = () => true");
            await page.ClickAsync($"{swarmRow} button[data-action=pause]");
            await page.WaitForAsync($"document.querySelector({Js(swarmRow + " [data-field=status]")})?.textContent === 'paused'", "the swarm paused");
            Assert.Equal("paused", (await (await http.GetAsync($"/api/v1/swarms/{swarm}")).ReadJsonAsync()).Str("status"));
            await page.ClickAsync($"{swarmRow} button[data-action=resume]");
            await page.WaitForAsync($"document.querySelector({Js(swarmRow + " [data-field=status]")})?.textContent === 'running'", "the swarm running again");
            Assert.Empty(page.DevTools.PageErrors);
        });
    }

    /// <summary>A task in its own queue, leased by a node that then fails it for good (not retriable).</summary>
    private static async Task<string> FailedForGoodAsync(ClawApi api, string queue)
    {
        var submit = JsonSerializer.Serialize(new { queue, type = "render", payload = new { prompt = HostilePayload }, max_retries = 3 });
        var created = await api.Http.PostJsonAsync("/api/v1/tasks", submit);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var taskId = (await created.ReadJsonAsync()).Str("id");

        var node = await api.RegisterNodeAsync();
        var lease = await api.PollOneAsync(node, queue);
        var fail = JsonSerializer.Serialize(new { token = lease.Str("lease_token"), error = "<b>model crashed</b>", retriable = false });
        (await api.Http.PostJsonAsync($"/api/v1/leases/{lease.Str("lease_id")}/fail", fail)).EnsureSuccessStatusCode();
        (await api.Http.DeleteAsync($"/api/v1/nodes/{node}")).EnsureSuccessStatusCode(); // nobody left to take the retried task
        Assert.Equal("failed", await api.StatusAsync(taskId));
        return taskId;
    }

    private static async Task SignInAsync(BrowserPage page, string key)
    {
        await page.WaitForAsync("document.getElementById('login').open", "the sign-in dialog");
        await page.EvaluateAsync("document.getElementById('key').focus()");
        await page.TypeAsync(key);
        await page.ClickAsync("#login-form button[type=submit]");
    }

    /// <summary>Runs the browser steps; when one fails, what the page showed is saved beside the other screenshots.</summary>
    private static async Task KeepingAScreenshotOnFailure(BrowserPage page, string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception failure)
        {
            var shot = Path.Combine(Screenshots, $"{name}-failure.png");
            try
            {
                await page.ScreenshotAsync(shot);
            }
            catch (Xunit.Sdk.XunitException)
            {
                shot = "(none: the browser did not answer)";
            }

            throw new Xunit.Sdk.XunitException($"{failure.Message}\nThe page: {shot}; its errors: {string.Join(" | ", page.DevTools.PageErrors)}", failure);
        }
    }
}
