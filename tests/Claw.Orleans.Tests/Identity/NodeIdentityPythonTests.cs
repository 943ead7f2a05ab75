using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Identity;

/// <summary>
/// A node in another language signs for real: Python with PyNaCl (Debian's <c>python3-nacl</c>, installed by
/// <c>scripts/test-python.sh</c>) registers a key, answers the challenge, completes its task with a signed
/// <c>task_complete</c>, and its replay over HTTP is refused.
/// </summary>
public sealed class NodeIdentityPythonTests
{
    [Fact]
    public async Task A_python_node_with_pynacl_answers_the_challenge_and_completes_with_a_signed_result()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        var run = await PythonScript.RunAsync(Path.Combine(AppContext.BaseDirectory, "Identity", "identity_node.py"), host.BaseAddress.ToString());
        Assert.True(run.Exit == 0, $"the python node failed ({run.Exit}): {run.Error}\n{run.Output}");
        var summary = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(("completed", 409, "replayed"), (summary.Str("status"), summary.GetProperty("replay_status").GetInt32(), summary.Str("replay_code")));
        var task = await new ClawApi(host.CreateClient()).TaskAsync(summary.Str("task_id"));
        Assert.Equal((42, "pynacl", summary.Str("node_id")), (task.GetProperty("result").GetProperty("answer").GetInt32(), task.GetProperty("result").Str("by"), task.Str("node_id")));
    }
}
