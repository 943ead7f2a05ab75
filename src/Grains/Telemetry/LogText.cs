using System.Globalization;
using System.Text;

namespace Claw.Grains.Telemetry;

/// <summary>
/// Client-chosen text (a swarm's name, a cron expression) as it may go into a log line: control and format
/// characters (new lines, escape sequences, bidirectional overrides) are written as <c>\uXXXX</c>, so one name
/// cannot forge or garble the lines around it, and long text is cut short.
/// </summary>
public static class LogText
{
    public const int MaxLength = 200;

    public static string Escape(string? text)
    {
        if (text is null)
        {
            return "";
        }

        var cut = text.Length > MaxLength;
        var visible = cut ? text.AsSpan(0, MaxLength) : text.AsSpan();
        if (!cut && !NeedsEscape(visible))
        {
            return text;
        }

        var escaped = new StringBuilder(visible.Length + 16);
        foreach (var c in visible)
        {
            if (IsUnsafe(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return cut ? escaped.Append('…').ToString() : escaped.ToString();
    }

    private static bool NeedsEscape(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
