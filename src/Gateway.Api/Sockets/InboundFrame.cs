using System.Globalization;
using System.Text.Json;

namespace Claw.Gateway.Sockets;

/// <summary>A frame a node sent, parsed just enough to route it; field readers tolerate what clients send.</summary>
internal sealed class InboundFrame
{
    private readonly JsonElement _payload;

    private InboundFrame(string type, JsonElement payload, string? id, string? correlationId)
    {
        Type = type;
        _payload = payload;
        Id = id;
        CorrelationId = correlationId;
    }

    public string Type { get; }

    public string? Id { get; }

    public string? CorrelationId { get; }

    /// <summary>Null with an error code when the text is not a frame.</summary>
    public static InboundFrame? Parse(ReadOnlyMemory<byte> utf8, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                error = "invalid_frame";
                return null;
            }

            var payload = root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : default;
            return new InboundFrame(type.GetString()!, payload, Text(root, "id"), Text(root, "correlation_id"));
        }
        catch (JsonException)
        {
            error = "malformed_json";
            return null;
        }
    }

    public string? String(string name) => Text(_payload, name);

    public bool? Bool(string name) =>
        TryGet(_payload, name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    public long? Number(string name)
    {
        if (!TryGet(_payload, name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt64(out var n) => n,
            JsonValueKind.Number => (long)v.GetDouble(),
            JsonValueKind.String when long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    /// <summary>A nested JSON value as raw text (results, progress data); null when absent or JSON null.</summary>
    public string? Raw(string name) =>
        TryGet(_payload, name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetRawText() : null;

    private static string? Text(JsonElement element, string name) =>
        TryGet(element, name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>A property of an object; a payload that was absent or not an object has none.</summary>
    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value);
    }
}
