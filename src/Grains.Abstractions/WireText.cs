using System.Collections.Frozen;
using System.Text.Json;

namespace Claw.Abstractions;

/// <summary>
/// The wire text of an enum value (<c>in_progress</c>, <c>waiting_input</c>, <c>buffer_one</c>): snake case, lower case,
/// exactly as the API's JSON and the tables' status columns spell it. The one place that turns an enum into text.
/// </summary>
public static class WireText
{
    public static string Wire<T>(this T value) where T : struct, Enum => Names<T>.ByValue.TryGetValue(value, out var text)
        ? text
        : Convert(value.ToString());

    /// <summary>The wire text of every value of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Names<T>.InOrder;

    private static string Convert(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue = Enum.GetValues<T>().Distinct().ToFrozenDictionary(v => v, v => Convert(v.ToString()));

        public static readonly string[] InOrder = [.. Enum.GetValues<T>().Select(v => ByValue[v])];
    }
}
