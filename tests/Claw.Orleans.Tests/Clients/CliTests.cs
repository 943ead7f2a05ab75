using System.Text.Json;
using Claw.Client;
using Claw.Client.Swarms;
using Claw.Client.Tasks;
using Claw.Client.Worker;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Clients;

/// <summary>The <c>claw</c> CLI run as a process against a real host: what it prints, and what its exit code says.</summary>
[Collection(ClientsCollection.Name)]
public sealed class CliTests(ClientsFixture fixture)
{
    private Uri Server => fixture.Host.BaseAddress;

    private ClawClient Client => fixture.Client;

    [Fact]
    public async Task Submit_wait_of_a_task_a_worker_completes_exits_0_and_prints_the_result()
    {
        var queue = ClientsFixture.Unique("q");
        await using var worker = new WorkerHarness(Server, queue, async (job, token) =>
        {
            await job.ProgressAsync(60, "thinking", cancellationToken: token);
            return new { answer = job.Payload.GetProperty("n").GetInt32() + 41 };
        });

        var (exit, output, error) = await ClawCliProcess.RunAsync(Server, "tasks", "submit", "-q", queue, "-p", """{"n":1}""", "--wait");

        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        Assert.Contains("completed", output);
        Assert.Contains("""{"answer":42}""", output);
        Assert.Contains("100% completed", error); // the live display, on standard error
    }

    [Fact]
    public async Task Submit_wait_of_a_task_that_fails_exits_1_and_json_output_parses()
    {
        var queue = ClientsFixture.Unique("q");
        await using var worker = new WorkerHarness(Server, queue, (_, _) => throw new ClawJobFailedException("no such model", retriable: false));

        var (exit, output, error) = await ClawCliProcess.RunAsync(Server, "tasks", "submit", "-q", queue, "--wait", "--json");

        Assert.True(exit == 1, $"exit {exit}: {error}\n{output}");
        var task = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("failed", "no such model"), (task.GetProperty("status").GetString(), task.GetProperty("error").GetString()));
        Assert.Equal(1, worker.RunsOf(task.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Every_command_answers_json_a_script_can_read()
    {
        var queue = ClientsFixture.Unique("q");
        var submitted = await Json(0, "tasks", "submit", "-q", queue, "-t", "resize", "--priority", "high", "--json");
        var id = submitted.GetProperty("id").GetString()!;
        Assert.Equal(("pending", "high"), (submitted.GetProperty("status").GetString(), submitted.GetProperty("priority").GetString()));
        Assert.Equal(id, (await Json(0, "tasks", "get", id, "--json")).GetProperty("id").GetString());
        Assert.Equal([id], (await Json(0, "tasks", "list", "-q", queue, "--json")).EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal("cancelled", (await Json(0, "tasks", "cancel", id, "--reason", "test", "--json")).GetProperty("status").GetString());
        Assert.Equal("cancelled", (await Json(1, "tasks", "watch", id, "--json")).GetProperty("status").GetString()); // ended, not completed: 1
        Assert.Equal("pending", (await Json(0, "tasks", "retry", id, "--json")).GetProperty("status").GetString());

        var node = await Client.Nodes.RegisterAsync(new Claw.Client.Nodes.RegisterNodeRequest { Name = "cli node" });
        Assert.Contains(node.Id, (await Json(0, "nodes", "list", "--json")).EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal("draining", (await Json(0, "nodes", "drain", node.Id, "--json")).GetProperty("status").GetString());

        using var data = new TempDirectory();
        var flow = Path.Combine(data.Path, "flow.json");
        await File.WriteAllTextAsync(flow, $$"""{"name":"cli flow","queue":"{{queue}}","steps":[{"name":"a"},{"name":"b","depends_on":["a"]}]}""");
        var workflow = await Json(0, "workflows", "create", "-f", flow, "--json");
        Assert.Equal(2, workflow.GetProperty("task_ids").GetArrayLength());
        Assert.Equal("cli flow", (await Json(0, "workflows", "get", workflow.GetProperty("id").GetString()!, "--json")).GetProperty("name").GetString());

        var swarm = await Client.Swarms.CreateAsync(new CreateSwarmRequest { Name = ClientsFixture.Unique("swarm") });
        Assert.Contains(swarm.Id, (await Json(0, "swarms", "list", "--json")).EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("paused", (await Json(0, "swarms", "pause", swarm.Id, "--json")).GetProperty("status").GetString());
        Assert.Equal("running", (await Json(0, "swarms", "resume", swarm.Id, "--json")).GetProperty("status").GetString());
        Assert.Equal(swarm.Id, (await Json(0, "swarms", "get", swarm.Id, "--json")).GetProperty("health").GetProperty("swarm_id").GetString());

        var key = await Json(0, "keys", "create", "--name", "cli test", "--role", "reader", "--json");
        Assert.StartsWith("claw_", key.GetProperty("key").GetString());
        var keyId = key.GetProperty("id").GetString()!;
        Assert.Contains(keyId, (await Json(0, "keys", "list", "--json")).EnumerateArray().Select(k => k.GetProperty("id").GetString()));
        Assert.NotEqual(JsonValueKind.Null, (await Json(0, "keys", "revoke", keyId, "--json")).GetProperty("revoked_at").ValueKind);

        var status = await Json(0, "status", "--json");
        Assert.Equal("ok", status.GetProperty("health").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Tables_are_for_people()
    {
        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = ClientsFixture.Unique("q"), Dispatch = "manual", Type = "resize" });
        var (exit, output, _) = await ClawCliProcess.RunAsync(Server, "tasks", "list", "-q", task.Queue);
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0]);
        Assert.Contains(task.Id, lines[1]);
        Assert.Contains("resize", lines[1]);
    }

    [Fact]
    public async Task An_unreachable_server_exits_3_and_a_wrong_command_line_exits_2()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var (unreachable, _, error) = await ClawCliProcess.RunAsync(closed, "tasks", "list");
        Assert.True(unreachable == 3, $"exit {unreachable}: {error}");
        Assert.Contains("cannot reach", error);

        Assert.Equal(2, (await ClawCliProcess.RunAsync(Server, "tasks", "frobnicate")).Exit);
        Assert.Equal(2, (await ClawCliProcess.RunAsync(Server, "workflows", "create", "-f", "/nonexistent/flow.json")).Exit);
        Assert.Equal(2, (await ClawCliProcess.RunAsync(Server, "tasks", "submit", "-p", "{not json")).Exit);
        var missing = await ClawCliProcess.RunAsync(Server, "tasks", "get", "no-such-task");
        Assert.Equal(1, missing.Exit); // the server answered: not found
        Assert.Contains("not_found", missing.Error);
    }

    private async Task<JsonElement> Json(int expectedExit, params string[] args)
    {
        var (exit, output, error) = await ClawCliProcess.RunAsync(Server, args);
        Assert.True(exit == expectedExit, $"claw {string.Join(' ', args)} exited {exit}: {error}\n{output}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
