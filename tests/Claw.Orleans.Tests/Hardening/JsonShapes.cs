using System.Text;

namespace Claw.Tests.Hardening;

/// <summary>JSON texts that probe the limits: nesting to a given depth, text that is not valid Unicode.</summary>
public static class JsonShapes
{
    /// <summary><c>{"a":{"a":…{"leaf":1}…}}</c> with <paramref name="depth"/> objects nested in each other.</summary>
    public static string Deep(int depth)
    {
        var text = new StringBuilder();
        for (var i = 1; i < depth; i++)
        {
            text.Append("{\"a\":");
        }

        text.Append("{\"leaf\":1}");
        text.Append('}', depth - 1);
        return text.ToString();
    }

    /// <summary>An array nested <paramref name="depth"/> deep: <c>[[[…]]]</c>.</summary>
    public static string DeepArray(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>A JSON string holding a lone high surrogate, as an escape (the way a client sends it).</summary>
    public const string LoneHigh = "\"\\ud800\"";

    /// <summary>A JSON string holding a lone low surrogate.</summary>
    public const string LoneLow = "\"x\\udc00y\"";

    /// <summary>The stored-value marker a reader shows in place of a value it cannot render.</summary>
    public static bool IsUnreadableMarker(System.Text.Json.JsonElement value) =>
        value.ValueKind == System.Text.Json.JsonValueKind.Object
        && value.TryGetProperty("claw_error", out var error)
        && error.GetProperty("code").GetString() == "stored_json_unreadable";
}
