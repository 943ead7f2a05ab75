using System.Net;
using Claw.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Claw.Tests.Security;

/// <summary>
/// Auth mode <c>None</c> keeps today's behaviour for local clients (ClawBot bots complete without lease proof, as the
/// anonymous local admin) while the rest of the trust layer still holds: node error text is stored redacted and
/// progress reports are coalesced into few writes without losing the last.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NoAuthCompatibilityTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task Without_auth_a_result_without_lease_proof_is_accepted_and_recorded_as_anonymous()
    {
        var queue = ClawApi.NewId("q");
        var node = await _api.RegisterNodeAsync();
        var task = (await _api.SubmitAsync(queue)).Str("id");
        await _api.PollOneAsync(node, queue);
        (await fixture.Client.PostJsonAsync($"/api/v1/tasks/{task}/complete", """{"result":{"forged":true}}""")).EnsureSuccessStatusCode();
        var timeline = await (await fixture.Client.GetAsync($"/api/v1/tasks/{task}/timeline")).ReadJsonAsync();
        Assert.Equal("anonymous", timeline.EnumerateArray().Single(e => e.Str("type") == "completed").Str("by"));
    }

    [Fact]
    public async Task A_nodes_error_text_is_stored_with_its_secrets_redacted()
    {
        var queue = ClawApi.NewId("q");
        var node = await _api.RegisterNodeAsync();
        var task = (await _api.SubmitAsync(queue, ""","max_retries":0""")).Str("id");
        await _api.PollOneAsync(node, queue);
        var failed = await fixture.Client.PostJsonAsync($"/api/v1/tasks/{task}/fail",
            """{"error":"db down: Host=pg;Username=app;Password=Tr0ub4dor&3;Database=x","retriable":false}""");
        var body = await failed.Content.ReadAsStringAsync();
        Assert.True(failed.IsSuccessStatusCode, body);
        Assert.DoesNotContain("Tr0ub4dor", body, StringComparison.Ordinal);
        var stored = await (await fixture.Client.GetAsync($"/api/v1/tasks/{task}")).ReadJsonAsync();
        Assert.Contains("[redacted]", stored.Str("error"), StringComparison.Ordinal);
        Assert.DoesNotContain("Tr0ub4dor", (await fixture.Client.GetStringAsync($"/api/v1/tasks/{task}/timeline")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_reports_are_coalesced_and_the_last_one_is_written()
    {
        var queue = ClawApi.NewId("q");
        var node = await _api.RegisterNodeAsync();
        var task = (await _api.SubmitAsync(queue)).Str("id");
        await _api.PollOneAsync(node, queue);
        var before = await WrittenVersionAsync(task);
        for (var percent = 1; percent <= 30; percent++)
        {
            (await fixture.Client.PostJsonAsync($"/api/v1/tasks/{task}/progress", $$"""{"percent":{{percent}}}""")).EnsureSuccessStatusCode();
        }

        Assert.Equal(30, (await _api.TaskAsync(task)).GetProperty("progress").GetProperty("percent").GetInt32()); // answered from memory at once
        var (version, percentStored) = await Eventually.Until(() => StoredProgressAsync(task), p => p.Percent == 30, TimeSpan.FromSeconds(10), "the last progress to be written");
        Assert.True(version - before < 30, $"30 reports took {version - before} writes; they should be coalesced");
        Assert.Equal(30, percentStored);
    }

    private async Task<long> WrittenVersionAsync(string task) => (await StoredProgressAsync(task)).Version;

    private async Task<(long Version, int Percent)> StoredProgressAsync(string task)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(fixture.Host.DataDirectory, "claw.db")}");
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT version, json_extract(doc, '$.progress.percent') FROM claw_tasks WHERE id = @id";
        read.Parameters.AddWithValue("@id", task);
        await using var row = await read.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        return (row.GetInt64(0), row.IsDBNull(1) ? -1 : row.GetInt32(1));
    }
}
