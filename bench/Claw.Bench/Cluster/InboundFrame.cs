using System.Text.Json;

namespace Claw.Bench.Cluster;

/// <summary>A frame the server sent: its type and payload.</summary>
internal readonly record struct InboundFrame(string Type, JsonElement Payload)
{
    public string? String(string name) =>
        Payload.ValueKind == JsonValueKind.Object && Payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public override string ToString() => $"{Type} {Payload}";
}
