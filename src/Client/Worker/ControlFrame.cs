using System.Globalization;
using System.Text.Json;

namespace Claw.Client.Worker;

/// <summary>A frame the server sent: its type, payload, and numeric id (task assignments are numbered; the rest are not).</summary>
internal sealed record ControlFrame(string Type, JsonElement Payload, long? Id)
{
    /// <summary>The frame, or an <c>unreadable</c> one when the text is not a frame (it is logged and skipped).</summary>
    public static ControlFrame Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : Unreadable;
            var payload = root.TryGetProperty("payload", out var p) ? p.Clone() : default;
            long? id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String
                && long.TryParse(i.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            return new ControlFrame(type, payload, id);
        }
        catch (JsonException)
        {
            return new ControlFrame(Unreadable, default, null);
        }
    }

    public const string Unreadable = "unreadable";

    public string? Text(string name) =>
        Payload.ValueKind == JsonValueKind.Object && Payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public int? Number(string name) =>
        Payload.ValueKind == JsonValueKind.Object && Payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
}
