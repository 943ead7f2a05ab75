using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>
/// Bearer tokens from the identity provider: good ones (RSA and EC) authenticate with their role; every token of the
/// attack corpus is a 401 <c>unauthenticated</c> with <c>WWW-Authenticate</c>, never a 500 and never a success.
/// </summary>
[Collection(SecuredCollection.Name)]
public sealed class JwtAttackTests(SecuredFixture fixture)
{
    private TokenMint Mint => fixture.Tokens;

    [Fact]
    public async Task Tokens_of_the_provider_authenticate_with_the_role_they_carry()
    {
        var me = await (await fixture.Client(Mint.Rsa("operator", "alice")).GetAsync("/api/v1/auth/me")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("jwt:alice", me.Str("principal"));
        Assert.Equal("operator", me.Str("role"));
        var ec = await (await fixture.Client(Mint.Ec("reader", "bob")).GetAsync("/api/v1/auth/me")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("reader", ec.Str("role"));
        (await fixture.Client(Mint.Rsa("operator")).PostJsonAsync("/api/v1/tasks", """{"queue":"jwt-q"}""")).EnsureSuccessStatusCode();
        await (await fixture.Client(Mint.Ec("reader")).PostJsonAsync("/api/v1/tasks", """{"queue":"jwt-q"}""")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    public static TheoryData<string> Attacks => ["alg_none", "hs256_with_the_rsa_public_key", "expired", "not_yet_valid", "wrong_issuer", "wrong_audience",
        "bad_signature", "unknown_kid", "one_megabyte", "garbage", "no_role", "unknown_role", "no_expiry", "empty"];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Every_token_of_the_attack_corpus_is_a_401(string attack)
    {
        var token = attack switch
        {
            "alg_none" => Mint.AlgNone("admin"),
            "hs256_with_the_rsa_public_key" => Mint.HmacWithPublicKey("admin"),
            "expired" => Mint.Rsa("admin", change: d => (d.NotBefore, d.IssuedAt, d.Expires) = (DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddMinutes(-5))),
            "not_yet_valid" => Mint.Rsa("admin", change: d => (d.NotBefore, d.Expires) = (DateTime.UtcNow.AddMinutes(5), DateTime.UtcNow.AddMinutes(20))),
            "wrong_issuer" => Mint.Rsa("admin", change: d => d.Issuer = "https://evil.example"),
            "wrong_audience" => Mint.Rsa("admin", change: d => d.Audience = "someone-else"),
            "bad_signature" => Mint.BadSignature("admin"),
            "unknown_kid" => Mint.UnknownKid("admin"),
            "one_megabyte" => "eyJhbGciOiJSUzI1NiJ9." + new string('A', 1024 * 1024) + ".sig",
            "garbage" => "%%%not.a-token%%%",
            "no_role" => Mint.Rsa("admin", change: d => d.Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", "eve")])),
            "unknown_role" => Mint.Rsa("superuser"),
            "no_expiry" => Mint.Rsa("admin", change: d => d.Expires = null),
            "empty" => "",
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };

        using var client = fixture.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/keys");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        var response = await client.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_is_audited_with_why_it_was_refused()
    {
        var expired = Mint.Rsa("admin", change: d => (d.NotBefore, d.IssuedAt, d.Expires) = (DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddMinutes(-5)));
        using var client = fixture.Client(expired);
        var correlation = Guid.NewGuid().ToString("N");
        client.DefaultRequestHeaders.Add("X-Claw-Correlation-Id", correlation);
        await (await client.GetAsync("/api/v1/tasks")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");

        var records = await Eventually.Until(
            async () => (await (await fixture.Admin.GetAsync("/api/v1/audit?type=authentication_failure&limit=500")).EnsureSuccessStatusCode().ReadJsonAsync())
                .GetProperty("items").EnumerateArray().Where(r => r.GetProperty("correlation_id").GetString() == correlation).ToList(),
            found => found.Count == 1, TimeSpan.FromSeconds(10), "the refusal in the audit log");
        Assert.True(records[0].Str("reason") == "token expired", records[0].GetRawText());
        Assert.DoesNotContain(expired[..40], records[0].GetRawText(), StringComparison.Ordinal);
    }
}
