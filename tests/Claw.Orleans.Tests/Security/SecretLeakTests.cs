using Claw.Tests.Infrastructure;
using Npgsql;

namespace Claw.Tests.Security;

/// <summary>
/// A real silo process whose PostgreSQL connection string (read from a file, as deployments are told to) carries a
/// password: after a run with good and bad requests, neither its log output (at Information) nor any answer holds it.
/// </summary>
public sealed class SecretLeakTests
{
    [Fact]
    public async Task No_log_line_and_no_answer_carries_the_database_password()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var withPassword = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = password }.ConnectionString; // the test server trusts local logins
        var file = Path.Combine(data.Path, "connection-string");
        await File.WriteAllTextAsync(file, withPassword + "\n");
        using var log = new StringWriter();
        var answers = new System.Text.StringBuilder();
        await using (var silo = await SiloProcess.StartAsync(data.Path, SiloPorts.Free(), TextWriter.Synchronized(log),
            "--storage", "postgres", "--connection-string-file", file, "--Logging:LogLevel:Default", "Information", "--Logging:LogLevel:Orleans", "Information"))
        {
            using var client = silo.CreateClient();
            string[] paths = ["/", "/health/ready", "/api/v1/tasks?status=nonsense", "/api/v1/tasks/missing", "/api/v1/nodes", "/metrics", "/api/v1/auth/me"];
            foreach (var path in paths)
            {
                answers.AppendLine(await (await client.GetAsync(path)).Content.ReadAsStringAsync());
            }

            answers.AppendLine(await (await client.PostJsonAsync("/api/v1/tasks", "{broken")).Content.ReadAsStringAsync());
            answers.AppendLine(await (await client.PostJsonAsync("/api/v1/tasks", """{"queue":"leak","payload":{"n":1}}""")).Content.ReadAsStringAsync());
            answers.AppendLine(await (await client.PostJsonAsync("/api/v1/tasks/none/fail", $$"""{"error":"Password={{password}}"}""")).Content.ReadAsStringAsync());
        }

        var output = log.ToString();
        Assert.Contains("Claw.Orleans is up on Postgres", output, StringComparison.Ordinal); // the log was really captured
        Assert.DoesNotContain(password, output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, answers.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_whose_path_is_its_secret_is_called_and_logged_by_its_host_only()
    {
        using var data = new TempDirectory();
        await using var receiver = await CallbackReceiver.StartAsync();
        var hookSecret = "hook" + Guid.NewGuid().ToString("N"); // as in a Slack-style webhook URL
        using var log = new StringWriter();
        await using (var silo = await SiloProcess.StartAsync(data.Path, SiloPorts.Free(), TextWriter.Synchronized(log),
            "--Logging:LogLevel:Default", "Information", "--Claw:Callbacks:AllowPrivateAddresses", "true",
            "--Claw:Callbacks:Secret", "leak-test-secret-0123456789", "--Claw:Callbacks:PollInterval", "00:00:00.500"))
        {
            var api = new ClawApi(silo.CreateClient());
            var queue = ClawApi.NewId("hooks");
            var node = await api.RegisterNodeAsync();
            await api.SubmitAsync(queue, $$""","callback_url":"{{receiver.Url}}/{{hookSecret}}" """);
            (await api.CompleteLeaseAsync(await api.PollOneAsync(node, queue))).EnsureSuccessStatusCode();
            await Eventually.Until(() => Task.FromResult(receiver.Delivered.Count), n => n == 1, TimeSpan.FromSeconds(20), "the callback delivered; the log: " + log);
        }

        var output = log.ToString();
        Assert.Contains("Claw.Orleans is up", output, StringComparison.Ordinal); // the log was really captured
        Assert.DoesNotContain(hookSecret, output, StringComparison.Ordinal);
    }
}
