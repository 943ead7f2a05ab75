using System.Text.Json;
using System.Text.Json.Serialization;
using Claw.Gateway.Http;

namespace Claw.Gateway.Sockets;

/// <summary>One frame on the wire: <c>{"type", "payload", "id"?, "correlation_id"?}</c> (API.md, WebSocket control channel).</summary>
internal sealed record Frame(
    string Type,
    object Payload,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId = null)
{
    private static readonly JsonSerializerOptions Options = Create();

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    public static Frame Error(string code, string message, string? replyTo = null) =>
        new(FrameTypes.Error, new { code, message, reply_to = replyTo });

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        ClawJson.Configure(options);
        return options;
    }
}
