using System.Globalization;
using System.Text.Json;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Json;
using Claw.Gateway.Http;

namespace Claw.Gateway.Sockets;

/// <summary>
/// A frame a node sent, parsed just enough to route it. Field readers tolerate what clients send (numbers as text,
/// absent payloads) but refuse, as <c>validation_failed</c>, text that is not valid Unicode.
/// </summary>
internal sealed class InboundFrame
{
    private static readonly JsonDocumentOptions Reading = new() { MaxDepth = JsonLimits.StoredDepth };

    private readonly JsonElement _payload;

    private InboundFrame(string type, JsonElement payload, string? id, string? correlationId)
    {
        Type = type;
        _payload = payload;
        Id = id;
        CorrelationId = correlationId;
    }

    public string Type { get; }

    /// <summary>The client's frame id, echoed as <c>reply_to</c>; the caller checks it before it is echoed.</summary>
    public string? Id { get; }

    /// <summary>The frame's correlation id when it is one the server may echo (as a request's), else null.</summary>
    public string? CorrelationId { get; }

    /// <summary>Null with an error code when the text is not a frame.</summary>
    public static InboundFrame? Parse(ReadOnlyMemory<byte> utf8, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(utf8, Reading);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                error = ErrorCodes.InvalidFrame;
                return null;
            }

            var payload = root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : default;
            return new InboundFrame(type.GetString()!, payload, Text(root, "id"), CorrelationIdMiddleware.Accept(Text(root, "correlation_id")));
        }
        catch (JsonException)
        {
            error = ErrorCodes.MalformedJson;
            return null;
        }
        catch (InvalidOperationException)
        {
            error = ErrorCodes.InvalidFrame; // "type" or "id" is not valid Unicode text (a lone surrogate escape)
            return null;
        }
    }

    public string? String(string name)
    {
        try
        {
            return Text(_payload, name);
        }
        catch (InvalidOperationException)
        {
            throw ClawException.Invalid($"{name} is not valid Unicode text.");
        }
    }

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
            JsonValueKind.String when long.TryParse(v.GetRawText().AsSpan().Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    /// <summary>A nested JSON value (results, progress data); null when absent or JSON null.</summary>
    public JsonElement? Document(string name) =>
        TryGet(_payload, name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

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
