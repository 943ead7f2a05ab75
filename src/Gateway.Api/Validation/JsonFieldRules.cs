using System.Runtime.InteropServices;
using System.Text.Json;
using Claw.Abstractions.Json;

namespace Claw.Gateway.Validation;

/// <summary>The rules of a JSON document field (payload, result, metadata, data), the same for HTTP bodies and frames.</summary>
public static class JsonFieldRules
{
    /// <summary>
    /// Checks a document field: an object when <paramref name="objectOnly"/> (any JSON value otherwise), at most
    /// <see cref="JsonLimits.MaxDepth"/> deep, readable text, and at most the configured bytes (413 when larger).
    /// </summary>
    public static ValidationErrors Json(this ValidationErrors errors, string field, JsonElement? value, bool objectOnly = true)
    {
        if (value is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } document)
        {
            return errors;
        }

        if (objectOnly && document.ValueKind != JsonValueKind.Object)
        {
            return errors.Add(field, "Must be a JSON object.");
        }

        var bytes = JsonMarshal.GetRawUtf8Value(document).Length;
        if (bytes > errors.Limits.MaxPayloadBytes)
        {
            return errors.AddTooLarge(field, $"At most {errors.Limits.MaxPayloadBytes} bytes of JSON (Claw:Tasks:MaxPayloadBytes); this one has {bytes}.");
        }

        return JsonDocuments.Problem(document, JsonLimits.MaxDepth) is { } problem ? errors.Add(field, problem) : errors;
    }
}
