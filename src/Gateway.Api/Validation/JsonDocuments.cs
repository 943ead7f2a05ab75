using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Claw.Gateway.Validation;

/// <summary>
/// Checks a JSON value before it is stored or rendered: nested at most so deep, and every string and property name
/// readable text (no lone UTF-16 surrogate such as <c>"\ud800"</c>, no invalid UTF-8), which a JSON reader accepts
/// but a writer cannot write back. One walk, without copying the strings that need no unescaping.
/// </summary>
public static class JsonDocuments
{
    /// <summary>Null when the value is fine, else a sentence saying what is wrong with it.</summary>
    public static string? Problem(JsonElement value, int maxDepth)
    {
        var pending = new Stack<(JsonElement Value, int Depth)>();
        pending.Push((value, 0));
        while (pending.TryPop(out var item))
        {
            var (element, depth) = item;
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    if (depth + 1 > maxDepth)
                    {
                        return TooDeep(maxDepth);
                    }

                    foreach (var property in element.EnumerateObject())
                    {
                        if (!NameIsText(property))
                        {
                            return BadText;
                        }

                        pending.Push((property.Value, depth + 1));
                    }

                    break;
                case JsonValueKind.Array:
                    if (depth + 1 > maxDepth)
                    {
                        return TooDeep(maxDepth);
                    }

                    foreach (var child in element.EnumerateArray())
                    {
                        pending.Push((child, depth + 1));
                    }

                    break;
                case JsonValueKind.String when !StringIsText(element):
                    return BadText;
            }
        }

        return null;
    }

    private const string BadText = "Holds a string that is not valid Unicode text (a lone surrogate such as \\ud800, or invalid UTF-8).";

    private static string TooDeep(int maxDepth) => $"Nested deeper than {maxDepth} levels.";

    /// <summary>
    /// Raw text without escapes is valid when it is valid UTF-8; escaped text is unescaped to find out. The readers are
    /// static lambdas, so checking the strings of a payload allocates nothing for them.
    /// </summary>
    private static bool NameIsText(JsonProperty property) =>
        IsText(JsonMarshal.GetRawUtf8PropertyName(property), property, static p => p.Name);

    private static bool StringIsText(JsonElement value) => IsText(JsonMarshal.GetRawUtf8Value(value), value, static v => v.GetString());

    private static bool IsText<T>(ReadOnlySpan<byte> raw, T holder, Func<T, string?> unescape)
    {
        if (!raw.Contains((byte)'\\'))
        {
            return Utf8.IsValid(raw);
        }

        try
        {
            unescape(holder);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
