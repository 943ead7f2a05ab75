using System.Text;
using Claw.Gateway.Validation;
using Claw.Grains.Callbacks;

namespace Claw.Tests.Rules;

public sealed class CallbackRulesTests
{
    private static readonly DateTimeOffset Created = RuleData.T0;
    private static readonly CallbackOptions Options = new() { FirstDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromHours(1), RetryFor = TimeSpan.FromHours(24) };

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(5, 80)]
    [InlineData(20, 3600)]
    public void A_failed_delivery_backs_off_doubling_up_to_the_maximum(int attempts, double seconds) =>
        Assert.Equal(Created.AddMinutes(1).AddSeconds(seconds), CallbackSchedule.Next(attempts, Created, Created.AddMinutes(1), Options, roll: 0));

    [Fact]
    public void Jitter_takes_up_to_a_fifth_off_and_the_window_ends_with_one_last_try_then_nothing()
    {
        Assert.Equal(Created.AddSeconds(78), CallbackSchedule.Next(2, Created, Created.AddSeconds(70), Options, roll: 1)); // 10 s less a fifth = 8 s
        var late = Created.AddHours(24).AddMinutes(-10);
        Assert.Equal(Created.AddHours(24), CallbackSchedule.Next(12, Created, late, Options, roll: 0)); // an hour's delay would pass the window
        Assert.Null(CallbackSchedule.Next(13, Created, Created.AddHours(24), Options, roll: 0));
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_exact_body_and_verifies_only_for_that_body_and_secret()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"task.completed"}""");
        var signature = CallbackSignature.Sign(body, "s3cret-s3cret-s3cret");
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret-s3cret-s3cret"), body));
        Assert.Equal("sha256=" + expected, signature);
        Assert.True(CallbackSignature.Verify(body, "s3cret-s3cret-s3cret", signature));
        Assert.False(CallbackSignature.Verify(body, "another-secret-value", signature));
        Assert.False(CallbackSignature.Verify(Encoding.UTF8.GetBytes("""{"event":"task.failed"}"""), "s3cret-s3cret-s3cret", signature));
        Assert.False(CallbackSignature.Verify(body, "s3cret-s3cret-s3cret", null));
    }

    [Theory]
    [InlineData("https://hooks.example.com/claw?tenant=7", null)]
    [InlineData("http://127.0.0.1:8080/cb", null)]
    [InlineData("ftp://example.com/cb", "An absolute http:// or https:// URL with a host.")]
    [InlineData("/relative/path", "An absolute http:// or https:// URL with a host.")]
    [InlineData("https://user:pass@example.com/cb", "No credentials in the URL: deliveries are signed with the callback secret (X-Claw-Signature).")]
    [InlineData("https://token@example.com/cb", "No credentials in the URL: deliveries are signed with the callback secret (X-Claw-Signature).")]
    [InlineData("https://example.com/cb#part", "No fragment and no control characters.")]
    public void A_callback_url_is_an_absolute_http_url_without_credentials(string url, string? problem) =>
        Assert.Equal(problem, CallbackUrls.Problem(url));

    [Fact]
    public void A_callback_url_has_a_size_limit_and_a_secret_needs_a_url_and_a_useful_length()
    {
        Assert.Equal("At most 2048 characters.", CallbackUrls.Problem("https://example.com/" + new string('a', 2040)));
        var errors = new ValidationErrors();
        CallbackUrls.Check(errors, url: null, secret: "0123456789abcdef");
        CallbackUrls.Check(errors, "https://example.com/cb", secret: "short");
        Assert.Equal(["Only with a callback_url.", "16–256 printable characters."], errors.ToDictionary()["callback_secret"]);
    }

    [Theory]
    [InlineData("rate_limited", true)]
    [InlineData("E1001", true)]
    [InlineData("http.503", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("_leading", false)]
    public void Error_codes_are_short_stable_tokens(string code, bool valid) => Assert.Equal(valid, FailureCodes.IsValid(code));
}
