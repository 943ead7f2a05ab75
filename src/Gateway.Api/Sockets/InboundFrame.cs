using System.Globalization;
using System.Text.Json;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Json;
using Claw.Gateway.Http;

namespace Claw.Gateway.Sockets;

/// <summary>
/// A frame a node sent, parsed just enough to route it. Field readers tolerate what clients send (numbers and yes/no as
/// text, absent payloads) but refuse, as <c>validation_failed</c>, a value of the wrong kind (a fraction, a yes/no that is
/// neither) and text that is not valid Unicode: nothing a node sends is quietly read as a default.
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

    /// <summary>A yes/no field (also as the text <c>"true"</c> or <c>"false"</c>); null when absent. Anything else is refused, never read as the default.</summary>
    public bool? Bool(string name)
    {
        if (!TryGet(_payload, name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(v.GetRawText().AsSpan().Trim('"'), out var b) => b,
            _ => throw ClawException.Invalid($"{name} must be true or false."),
        };
    }

    /// <summary>A whole number (also as text); null when absent. A fraction, a number past 64 bits or other text is refused, never rounded.</summary>
    public long? Number(string name)
    {
        if (!TryGet(_payload, name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(v.GetRawText().AsSpan().Trim('"'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw ClawException.Invalid($"{name} must be a whole number."),
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
