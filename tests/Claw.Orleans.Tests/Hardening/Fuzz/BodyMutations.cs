using System.Text.Json.Nodes;

namespace Claw.Tests.Hardening.Fuzz;

/// <summary>
/// The bad inputs of the fuzz: each is a JSON text put in place of one field (or of the whole body), and whether a
/// correct server must refuse it wherever it lands (<see cref="Mutation.MustRefuse"/>) or may accept it where the
/// field takes any JSON (a number in a result, say).
/// </summary>
public static class BodyMutations
{
    public sealed record Mutation(string Name, string Json, bool MustRefuse);

    /// <summary>What goes in place of a field.</summary>
    public static readonly Mutation[] Values =
    [
        new("string", "\"x\"", false),
        new("integer", "123", false),
        new("negative", "-1", false),
        new("fraction", "1.5", false),
        new("boolean", "true", false),
        new("empty array", "[]", false),
        new("empty object", "{}", false),
        new("null", "null", false),
        new("huge number", "1e309", false),
        new("huge negative", "-1e309", false),
        new("past int64", "9223372036854775808", false),
        new("tiny", "1e-400", false),
        new("depth at the limit", JsonShapes.Deep(32), false),
        new("depth past the limit", JsonShapes.Deep(33), true),
        new("depth past the reader", JsonShapes.DeepArray(80), true),
        new("lone high surrogate", JsonShapes.LoneHigh, true),
        new("lone low surrogate", JsonShapes.LoneLow, true),
        new("lone surrogate key", """{"\ud800":1}""", true),
        new("lone surrogate inside", """{"a":["ok","\udbff"]}""", true),
        new("long string", "\"" + new string('s', 100_000) + "\"", false),
        new("control characters", "\"a\\u0000b\\nc\\u001b[31m\"", false),
    ];

    /// <summary>What goes in place of the whole body.</summary>
    public static readonly Mutation[] Bodies =
    [
        new("array body", "[]", true),
        new("string body", "\"x\"", true),
        new("number body", "1e309", true),
        new("truncated", "{\"a\":", true),
        new("deep body", JsonShapes.DeepArray(200), true),
        new("lone surrogate body", """{"x":"\ud800"}""", false),
        new("empty object body", "{}", false),
    ];

    /// <summary>The body with <paramref name="path"/> (one or two property names) set to the mutation's JSON text.</summary>
    public static string Apply(JsonObject body, IReadOnlyList<string> path, Mutation mutation)
    {
        const string Hole = "\"__fuzz_hole__\"";
        var copy = body.DeepClone().AsObject();
        var target = copy;
        for (var i = 0; i < path.Count - 1; i++)
        {
            target = target[path[i]] as JsonObject ?? (JsonObject)(target[path[i]] = new JsonObject());
        }

        target[path[^1]] = JsonValue.Create("__fuzz_hole__");
        return copy.ToJsonString().Replace(Hole, mutation.Json, StringComparison.Ordinal);
    }
}
