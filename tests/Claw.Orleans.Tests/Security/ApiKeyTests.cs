using System.Net;
using Claw.Silo;
using Claw.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Claw.Tests.Security;

/// <summary>API keys over the API: created by an admin and shown once, listed without secrets, stored hashed, revoked.</summary>
[Collection(SecuredCollection.Name)]
public sealed class ApiKeyTests(SecuredFixture fixture)
{
    [Fact]
    public async Task A_key_is_shown_once_stored_hashed_and_acts_with_its_role_and_scopes()
    {
        var created = await fixture.KeyRecordAsync("operator", ""","queues":["alpha","beta"],"swarm_ids":["s1"]""");
        var key = created.Str("key");
        var id = created.Str("id");
        Assert.Matches("^claw_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", key);
        Assert.StartsWith($"claw_{id}_", key, StringComparison.Ordinal);

        var me = await (await fixture.Client(key).GetAsync("/api/v1/auth/me")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal($"key:{id}", me.Str("principal"));
        Assert.Equal("operator", me.Str("role"));
        Assert.Equal(["alpha", "beta"], me.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));

        var listed = await ListedAsync(id);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed.GetProperty("key").ValueKind);
        var secret = key[22..]; // after "claw_" and the 16-digit id and its "_"
        await using var db = new SqliteConnection($"Data Source={Path.Combine(fixture.Host.DataDirectory, "claw.db")}");
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT * FROM claw_api_keys";
        await using var rows = await read.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            for (var column = 0; column < rows.FieldCount; column++)
            {
                Assert.DoesNotContain(secret, rows.IsDBNull(column) ? "" : rows.GetValue(column).ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_and_the_revocation_is_audited()
    {
        var created = await fixture.KeyRecordAsync("reader");
        using var client = fixture.Client(created.Str("key"));
        (await client.GetAsync("/api/v1/tasks?limit=1")).EnsureSuccessStatusCode(); // now cached on this silo

        var revoked = await (await fixture.Admin.DeleteAsync($"/api/v1/auth/keys/{created.Str("id")}")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, revoked.GetProperty("revoked_at").ValueKind);
        await Eventually.Until(async () => (await client.GetAsync("/api/v1/tasks?limit=1")).StatusCode, s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(1), "the revoked key to be refused");
        await (await fixture.Admin.DeleteAsync("/api/v1/auth/keys/ffffffffffffffff")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        var audit = await Eventually.Until(
            async () => (await (await fixture.Admin.GetAsync("/api/v1/audit?type=key_revoked&limit=500")).ReadJsonAsync()).GetProperty("items").EnumerateArray()
                .Where(r => r.Str("resource") == $"api_key:{created.Str("id")}").ToList(),
            r => r.Count == 1, TimeSpan.FromSeconds(10), "the revocation in the audit log");
        Assert.Equal($"key:{SecuredFixture.BootstrapKey[5..21]}", audit[0].Str("principal"));
    }

    [Fact]
    public async Task Bad_keys_and_credentials_anywhere_but_the_header_are_refused()
    {
        var created = await fixture.KeyRecordAsync("admin");
        var wrongSecret = created.Str("key")[..^4] + "AAAA";
        await (await fixture.Client(wrongSecret).GetAsync("/api/v1/tasks")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await fixture.Client("claw_nothex_secretsecretsecret").GetAsync("/api/v1/tasks")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        using var basic = fixture.Host.CreateClient();
        basic.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");
        await (await basic.GetAsync("/api/v1/tasks")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        foreach (var name in new[] { "token", "access_token", "api_key" })
        {
            await (await fixture.Anonymous.GetAsync($"/api/v1/tasks?{name}={created.Str("key")}")).AssertProblemAsync(HttpStatusCode.BadRequest, "credentials_in_query");
        }
    }

    [Fact]
    public async Task Keys_are_listed_page_by_page_without_secrets()
    {
        for (var i = 0; i < 3; i++)
        {
            await fixture.KeyAsync("reader");
        }

        var first = await (await fixture.Admin.GetAsync("/api/v1/auth/keys?limit=2")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var next = first.Str("next_cursor");
        var second = await (await fixture.Admin.GetAsync($"/api/v1/auth/keys?limit=2&cursor={next}")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.DoesNotContain("claw_", first.GetRawText() + second.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_creates_lists_and_revokes_keys_on_the_database()
    {
        using var data = new TempDirectory();
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.Equal(0, await KeysCommand.RunAsync(["create", "--role", "admin", "--name", "ops", "--data", data.Path], output, errors));
        var key = output.ToString().Trim();
        Assert.Matches("^claw_[0-9a-f]{16}_", key);
        Assert.Contains("shown only this once", errors.ToString(), StringComparison.Ordinal);

        await using (var host = await ClawTestHost.StartAsync(data.Path, "--Claw:Auth:Mode", "Required"))
        {
            using var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            Assert.Equal("admin", (await (await client.GetAsync("/api/v1/auth/me")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("role"));
        }

        var id = key[5..21];
        var list = new StringWriter();
        Assert.Equal(0, await KeysCommand.RunAsync(["list", "--data", data.Path], list, errors));
        Assert.Contains($"{id}\tadmin\tlive", list.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await KeysCommand.RunAsync(["revoke", id, "--data", data.Path], new StringWriter(), errors));
        Assert.Equal(1, await KeysCommand.RunAsync(["revoke", "ffffffffffffffff", "--data", data.Path], new StringWriter(), errors));

        await using var again = await ClawTestHost.StartAsync(data.Path, "--Claw:Auth:Mode", "Required");
        using var refused = again.CreateClient();
        refused.DefaultRequestHeaders.Authorization = new("Bearer", key);
        await (await refused.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(64, await KeysCommand.RunAsync(["create", "--role", "root", "--data", data.Path], new StringWriter(), new StringWriter()));
        var refusal = new StringWriter();
        Assert.Equal(64, await KeysCommand.RunAsync(["create", "--role", "operator", "--queues", "a:b", "--data", data.Path], new StringWriter(), refusal));
        Assert.Contains("queues", refusal.ToString(), StringComparison.Ordinal);
        Assert.Equal(64, await KeysCommand.RunAsync(["create", "--role", "admin", "--expires-at", "soon", "--data", data.Path], new StringWriter(), new StringWriter()));
    }

    [Theory]
    [InlineData(""","queues":["a:b"]""", "queues")]
    [InlineData(""","queues":["-dash"]""", "queues")]
    [InlineData(""","swarm_ids":["bad id"]""", "swarm_ids")]
    public async Task A_key_scoped_to_a_queue_that_cannot_exist_is_a_422(string extra, string field)
    {
        var refused = await fixture.Admin.PostJsonAsync("/api/v1/auth/keys", $$"""{"name":"scoped","role":"operator"{{extra}}}""");
        Assert.True((await refused.AssertValidationProblemAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    private async Task<System.Text.Json.JsonElement> ListedAsync(string id)
    {
        for (string? cursor = null; ;)
        {
            var page = await (await fixture.Admin.GetAsync($"/api/v1/auth/keys?limit=500{(cursor is null ? "" : "&cursor=" + cursor)}")).EnsureSuccessStatusCode().ReadJsonAsync();
            foreach (var item in page.GetProperty("items").EnumerateArray().Where(k => k.Str("id") == id))
            {
                return item;
            }

            cursor = page.GetProperty("next_cursor").GetString() ?? throw new Xunit.Sdk.XunitException($"key {id} not listed");
        }
    }
}
