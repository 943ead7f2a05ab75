using Claw.Grains.Telemetry;

namespace Claw.Tests.Hardening;

/// <summary>Issue 23, part 7: client text in a log line cannot start a new line, move the cursor or flip the text.</summary>
public sealed class LogTextTests
{
    [Theory]
    [InlineData("plain name", "plain name")]
    [InlineData("Grüße 東京", "Grüße 東京")]
    [InlineData("a\nFAKE 2026-01-01 admin logged in", "a\\u000aFAKE 2026-01-01 admin logged in")]
    [InlineData("red\u001b[31m", "red\\u001b[31m")]
    [InlineData("tab\tand\rreturn", "tab\\u0009and\\u000dreturn")]
    [InlineData("evil\u202Egnp.exe", "evil\\u202egnp.exe")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData(null, "")]
    public void Control_and_format_characters_are_written_as_escapes(string? text, string expected) =>
        Assert.Equal(expected, LogText.Escape(text));

    [Fact]
    public void Long_text_is_cut_short_and_says_so()
    {
        var escaped = LogText.Escape(new string('n', 10_000));
        Assert.Equal(LogText.MaxLength + 1, escaped.Length);
        Assert.EndsWith("…", escaped, StringComparison.Ordinal);
    }
}
