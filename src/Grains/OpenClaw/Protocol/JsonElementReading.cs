using System.Text.Json;

namespace Claw.Grains.OpenClaw.Protocol;

/// <summary>Tolerant reads of the gateway's frames: a missing or differently typed field is null, never an exception.</summary>
internal static class JsonElementReading
{
    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? Str(this JsonElement element, string name) => element.Prop(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static int? Int(this JsonElement element, string name) => element.Prop(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var n) ? n : null;

    public static long? Long(this JsonElement element, string name) => element.Prop(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var n) ? n : null;

    public static bool? Bool(this JsonElement element, string name) => element.Prop(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;
}
