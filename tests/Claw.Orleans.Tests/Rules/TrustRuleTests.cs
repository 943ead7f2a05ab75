using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Gateway.Auth;
using Claw.Grains.Nodes;
using Claw.Grains.Tasks;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

/// <summary>The plain rules of the trust layer: failure budget, progress coalescing, redaction, key text, listen addresses, route roles.</summary>
public sealed class TrustRuleTests
{
    [Fact]
    public void A_node_may_report_at_most_max_failures_in_any_window()
    {
        var budget = new FailureBudget(3, TimeSpan.FromSeconds(60));
        Assert.Null(budget.Admit(T0));
        Assert.Null(budget.Admit(T0.AddSeconds(10)));
        Assert.Null(budget.Admit(T0.AddSeconds(20)));
        Assert.Equal(TimeSpan.FromSeconds(30), budget.Admit(T0.AddSeconds(30)));
        Assert.Null(budget.Admit(T0.AddSeconds(60))); // the first left the window
        Assert.Equal(TimeSpan.FromSeconds(10), budget.Admit(T0.AddSeconds(60)));
        Assert.Null(new FailureBudget(0, TimeSpan.FromSeconds(60)).Admit(T0));
    }

    [Fact]
    public void Progress_is_written_at_most_once_per_interval_and_a_waiting_report_is_flushed_later()
    {
        var throttle = new ProgressThrottle(TimeSpan.FromSeconds(1));
        Assert.True(throttle.WriteNow(T0));
        throttle.Written(T0);
        Assert.False(throttle.WriteNow(T0.AddMilliseconds(300)));
        Assert.True(throttle.Pending);
        Assert.Equal(T0.AddSeconds(1), throttle.FlushAt);
        throttle.Written(T0.AddMilliseconds(500)); // another write of the task took the report with it
        Assert.False(throttle.Pending);
        Assert.True(throttle.WriteNow(T0.AddMilliseconds(1500)));
        Assert.True(new ProgressThrottle(TimeSpan.Zero).WriteNow(T0));
    }

    [Theory]
    [InlineData("could not connect: Host=db;Username=claw;Password=hunter2;Database=claw", "hunter2")]
    [InlineData("auth failed with Authorization: Bearer abcdefghijklmnop.qrstu", "abcdefghijklmnop")]
    [InlineData("postgres://claw:s3cr3t-pw@db.internal:5432/claw refused", "s3cr3t-pw")]
    [InlineData("{\"api_key\": \"AKIAABCDEFGHIJKLMNOP\"}", "AKIAABCDEFGHIJKLMNOP")]
    [InlineData("used claw_0123456789abcdef_abcdefghijklmnopqrstuvwxyz012345 and failed", "abcdefghijklmnopqrstuvwxyz012345")]
    [InlineData("token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "eyJzdWIiOiJ4In0")]
    [InlineData("OPENAI sk-proj-ABCDEFGHIJKLMNOPQRSTUV rejected", "ABCDEFGHIJKLMNOPQRSTUV")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----", "MIIEvQIBADAN")]
    [InlineData("client_secret=abc123def; retrying", "abc123def")]
    [InlineData("refused lease_token=1.G8YMccTnaq65sTAHBLFByrBq for t-1", "G8YMccTnaq65sTAHBLFByrBq")]
    [InlineData("{\"lease_token\": \"1.G8YMccTnaq65sTAHBLFByrBq\"}", "G8YMccTnaq65sTAHBLFByrBq")]
    [InlineData("env DB_PASSWORD=hunter2 was rejected", "hunter2")]
    [InlineData("capability-token: ct_abcdefghijklmnop", "abcdefghijklmnop")]
    public void Secrets_in_free_text_are_redacted(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Marker, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("build failed: exit code 2 after 31 s")]
    [InlineData("token expired")]
    [InlineData("lease_token mismatch for node-a")]
    public void Text_without_secrets_is_left_as_it_is(string text) => Assert.Equal(text, SecretRedactor.Redact(text));

    [Fact]
    public void An_api_key_parses_only_in_its_one_form_and_matches_only_its_own_secret()
    {
        var (id, secret) = (ApiKeyText.NewId(), ApiKeyText.NewSecret());
        Assert.True(ApiKeyText.TryParse(ApiKeyText.Format(id, secret), out var parsedId, out var parsedSecret));
        Assert.Equal((id, secret), (parsedId, parsedSecret));
        Assert.True(ApiKeyText.Matches(secret, ApiKeyText.Hash(secret)));
        Assert.False(ApiKeyText.Matches(secret + "x", ApiKeyText.Hash(secret)));
        foreach (var bad in new[] { "", "claw_", "claw_0123_secretsecretsecret", "claw_0123456789ABCDEF_secretsecretsecret", "claw_0123456789abcdef_short", "key_0123456789abcdef_secretsecretsecret", "claw_" + new string('a', 300) })
        {
            Assert.False(ApiKeyText.TryParse(bad, out _, out _), bad);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000", true)]
    [InlineData("http://localhost:8000", true)]
    [InlineData("http://[::1]:8000", true)]
    [InlineData("https://127.0.0.2:443/", true)]
    [InlineData("http://0.0.0.0:8000", false)]
    [InlineData("http://*:8000", false)]
    [InlineData("http://+:8000", false)]
    [InlineData("http://[::]:8000", false)]
    [InlineData("http://10.1.2.3:8000", false)]
    [InlineData("http://claw.example.com", false)]
    [InlineData("not a url", false)]
    public void Only_loopback_addresses_keep_a_host_private(string url, bool loopback) => Assert.Equal(loopback, ListenAddresses.IsLoopback(url));

    [Theory]
    [InlineData("GET", "/api/v1/tasks/{id}", ClawRole.Reader)]
    [InlineData("POST", "/api/v1/tasks/", ClawRole.Operator)]
    [InlineData("POST", "/api/tasks/{id}/complete", ClawRole.Agent)]
    [InlineData("POST", "/api/v1/bots/{id}/heartbeat", ClawRole.Agent)]
    [InlineData("DELETE", "/api/v1/auth/keys/{id}", ClawRole.Admin)]
    [InlineData("GET", "/api/v1/audit", ClawRole.Admin)]
    [InlineData("PUT", "/api/v1/queues/{name}", ClawRole.Operator)]
    [InlineData("GET", "/metrics", ClawRole.Reader)]
    [InlineData("POST", "/api/v1/swarms/{id}/nodes/{nodeId}", ClawRole.Operator)]
    public void Each_route_needs_the_role_of_the_table(string method, string template, ClawRole role) =>
        Assert.Equal(role, RouteRoles.For(method, template).Role);

    [Fact]
    public void Probes_the_root_and_the_control_channel_are_open_and_node_routes_are_an_agents_own()
    {
        Assert.Null(RouteRoles.For("GET", "/health/ready").Role);
        Assert.Null(RouteRoles.For("GET", "/").Role);
        Assert.Null(RouteRoles.For("GET", "/api/v1/ws/control").Role);
        Assert.True(RouteRoles.For("POST", "/api/v1/nodes/{id}/poll").NodeSelf);
        Assert.False(RouteRoles.For("POST", "/api/v1/nodes").NodeSelf);
    }
}
