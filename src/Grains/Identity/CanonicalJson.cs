using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Claw.Grains.Identity;

/// <summary>
/// RFC 8785 (JSON Canonicalization Scheme): the one byte form of a JSON value that a node signs and the server verifies.
/// Object members sorted by the UTF-16 code units of their names, no whitespace, strings with the minimal escapes, and
/// numbers written as ECMAScript's <c>Number.prototype.toString</c> writes an IEEE double.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical UTF-8 text of <paramref name="value"/>; a duplicate member name or a non-finite number is refused.</summary>
    public static string Serialize(JsonElement value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    /// <summary>Parses <paramref name="json"/> and answers its canonical text.</summary>
    public static string Serialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Serialize(document.RootElement);
    }

    private static void Write(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(text, value);
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    Write(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, value.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(Number(value.GetDouble()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void WriteObject(StringBuilder text, JsonElement value)
    {
        var members = value.EnumerateObject().ToList();
        members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name)); // ordinal on .NET strings is UTF-16 code unit order
        text.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0 && members[i].Name == members[i - 1].Name)
            {
                throw new FormatException($"Duplicate member name '{members[i].Name}' has no canonical form.");
            }

            text.Append(i == 0 ? "" : ",");
            WriteString(text, members[i].Name);
            text.Append(':');
            Write(text, members[i].Value);
        }

        text.Append('}');
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }

    /// <summary>
    /// ECMAScript's Number::toString for a double: the shortest digits that round-trip (which .NET's "R" also finds),
    /// laid out plainly while the decimal exponent is in [-6, 21), else as <c>d.ddde±x</c>.
    /// </summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new FormatException("NaN and infinities have no JSON form.");
        }

        if (value == 0)
        {
            return "0"; // minus zero too
        }

        var negative = value < 0;
        var (digits, point) = ShortestDigits(Math.Abs(value));
        var k = digits.Length;
        var n = point; // value = 0.digits × 10^n
        var text = new StringBuilder(negative ? "-" : "");
        if (k <= n && n <= 21)
        {
            text.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            text.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var exponent = n - 1;
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }

            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The significant digits of the shortest round-trip form, and where the decimal point goes (0.digits × 10^point).</summary>
    private static (string Digits, int Point) ShortestDigits(double value)
    {
        var r = value.ToString("R", CultureInfo.InvariantCulture); // e.g. 123.45, 1E+21, 1.5E-07
        var e = r.IndexOfAny(['E', 'e']);
        var exponent = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? r : r[..e];
        var dot = mantissa.IndexOf('.');
        var integerDigits = dot < 0 ? mantissa.Length : dot;
        var all = mantissa.Replace(".", "", StringComparison.Ordinal);
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return (digits, integerDigits - leading + exponent);
    }
}
