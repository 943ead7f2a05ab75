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
}
