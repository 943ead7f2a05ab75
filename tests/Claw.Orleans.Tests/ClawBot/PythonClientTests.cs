using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.ClawBot;

/// <summary>
/// The ClawBot README's client, in Python (requests and websockets, the Debian packages <c>test.sh</c> installs when
/// absent), run unchanged against a real host: it registers a bot, creates a workflow, assigns its tasks, and its
/// WebSocket bot completes each one with a <c>task_complete</c> frame. A host of its own: the bot takes whatever its
/// default queue holds, and nothing but the client's own tasks should be there.
/// </summary>
public sealed class PythonClientTests
{
    [Fact]
    public async Task The_readme_client_and_its_websocket_bot_run_a_workflow_unchanged()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        using var client = host.CreateClient();
        var (exit, output, error) = await PythonScript.RunAsync(Path.Combine(AppContext.BaseDirectory, "ClawBot", "clawbot_readme_client.py"), host.BaseAddress.ToString());
        Assert.True(exit == 0, $"the python client failed ({exit}): {error}\n{output}");

        var summary = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        var api = new ClawApi(client);
        var workflow = await (await api.Http.GetAsync($"/api/v1/workflows/{summary.Str("workflow_id")}/tasks")).EnsureSuccessStatusCode().ReadJsonAsync();
        var tasks = workflow.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(tasks.Select(t => t.Str("id")), summary.GetProperty("assigned").EnumerateArray().Select(a => a.GetString()));
        Assert.All(tasks, t => Assert.Equal(("completed", summary.Str("bot_id"), "success"), (t.Str("status"), t.Str("bot_id"), t.GetProperty("result").Str("output"))));
        Assert.Equal("completed", workflow.GetProperty("workflow").Str("status"));
        foreach (var task in tasks)
        {
            Assert.Single(await api.TimelineAsync(task.Str("id")), type => type == "completed");
        }
    }
}
