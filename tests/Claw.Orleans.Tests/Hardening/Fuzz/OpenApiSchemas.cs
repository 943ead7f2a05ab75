using System.Text.Json;
using System.Text.Json.Nodes;

namespace Claw.Tests.Hardening.Fuzz;

/// <summary>
/// Reads request-body schemas out of the server's own OpenAPI document and makes a plausible body from each, the
/// starting point every mutation of the fuzz changes one thing in.
/// </summary>
public sealed class OpenApiSchemas(JsonElement document)
{
    private readonly JsonElement _components = document.GetProperty("components").GetProperty("schemas");

    /// <summary>The JSON body schema of an operation, or null when it takes no body.</summary>
    public JsonElement? BodyOf(JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out var json)
            ? Resolve(json.GetProperty("schema"))
            : null;

    /// <summary>Follows <c>$ref</c> and skips the <c>null</c> branch of <c>oneOf</c>.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Resolve(_components.GetProperty(reference.GetString()!.Split('/')[^1]));
        }

        if (schema.TryGetProperty("oneOf", out var choices))
        {
            return Resolve(choices.EnumerateArray().First(c => !IsNull(c)));
        }

        return schema;
    }

    /// <summary>The schema's main type: <c>object</c>, <c>array</c>, <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>any</c>.</summary>
    public string TypeOf(JsonElement schema)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).First(t => t != "null") : type.GetString()!;
        }

        return schema.TryGetProperty("properties", out _) ? "object" : schema.TryGetProperty("enum", out _) ? "string" : "any";
    }

    /// <summary>The properties of an object schema, in document order.</summary>
    public IEnumerable<(string Name, JsonElement Schema)> PropertiesOf(JsonElement schema) =>
        Resolve(schema).TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => (p.Name, p.Value))
            : [];

    /// <summary>A plausible value: the first enum value, a short id-like string, 0, an empty document.</summary>
    public JsonNode? Sample(JsonElement schema, int depth = 0)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("enum", out var values))
        {
            return JsonValue.Create(values.EnumerateArray().First(v => v.ValueKind == JsonValueKind.String).GetString());
        }

        return TypeOf(schema) switch
        {
            "object" when depth < 3 && schema.TryGetProperty("properties", out _) =>
                new JsonObject(PropertiesOf(schema).Select(p => KeyValuePair.Create(p.Name, Sample(p.Schema, depth + 1)))),
            "object" => new JsonObject(),
            "array" => new JsonArray(schema.TryGetProperty("items", out var items) ? Sample(items, depth + 1) : JsonValue.Create("fuzz")),
            "string" when schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" => JsonValue.Create("2030-01-01T00:00:00Z"),
            "string" => JsonValue.Create("fuzz"),
            "integer" => JsonValue.Create(0),
            "number" => JsonValue.Create(0.5),
            "boolean" => JsonValue.Create(false),
            _ => new JsonObject(),
        };
    }

    private static bool IsNull(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null";
}
