using System.Text.Json;
using System.Text.Json.Serialization;

namespace Claw.Client.Http;

/// <summary>The wire's JSON: snake_case names, nulls left out of requests so the server's defaults apply.</summary>
public static class ClawJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Any value as a JSON element (a handler's result, a payload given as an anonymous object).</summary>
    public static JsonElement? Element(object? value) => value switch
    {
        null => null,
        JsonElement element => element,
        _ => JsonSerializer.SerializeToElement(value, value.GetType(), Options),
    };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
