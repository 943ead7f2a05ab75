using System.Text.Json;
using System.Text.Json.Serialization;
using Claw.Abstractions.Json;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Http;

/// <summary>The wire conventions of API.md: snake_case names, lower-case enum strings, ISO-8601 UTC times.</summary>
public static class ClawJson
{
    private static readonly JsonDocumentOptions StoredDocument = new() { MaxDepth = JsonLimits.StoredDepth };

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = JsonLimits.WriteDepth;
    }

    /// <summary>
    /// Parses stored raw JSON back into a value for a response; null stays null. A document that cannot be written
    /// back (stored before the door checked it: nested too deep, a lone surrogate, broken text) becomes the
    /// <see cref="JsonLimits.Unreadable"/> marker, so the rest of the answer, and every page it is on, still reads.
    /// </summary>
    public static JsonElement? Raw(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, StoredDocument);
            return JsonDocuments.Problem(document.RootElement, JsonLimits.StoredDepth) is { } problem
                ? Unreadable(problem)
                : document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return Unreadable(ex is JsonException { Message: var message } && message.Contains("depth", StringComparison.Ordinal)
                ? $"Nested deeper than {JsonLimits.StoredDepth} levels."
                : "Not valid JSON text.");
        }
    }

    private static JsonElement Unreadable(string detail)
    {
        using var marker = JsonDocument.Parse(JsonLimits.Unreadable("The stored value cannot be shown: " + detail));
        return marker.RootElement.Clone();
    }

    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
