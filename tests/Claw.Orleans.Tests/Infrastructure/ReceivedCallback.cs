using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>One callback as it reached the receiver: the exact body bytes and the headers.</summary>
public sealed record ReceivedCallback(byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string TaskId => Json.GetProperty("task").GetProperty("id").GetString()!;
}
