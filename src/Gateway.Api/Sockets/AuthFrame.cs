using System.Text.Json;
using Claw.Abstractions.Json;

namespace Claw.Gateway.Sockets;

/// <summary>
/// What a node's <c>auth</c> frame carries: <c>{"type":"auth","payload":{"token"?, "signature"?, "capability_token"?}}</c>
/// (the credential, the answer to the identity challenge, a capability token); any of them may be absent.
/// </summary>
internal sealed record AuthFrame(string? Token, string? Signature, string? CapabilityToken)
{
    public static readonly AuthFrame None = new(null, null, null);

    public static AuthFrame Parse(byte[]? text)
    {
        if (text is null)
        {
            return None;
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !type.ValueEquals(FrameTypes.Auth))
        {
            return None;
        }

        var holder = root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object ? payload : root;
        return new AuthFrame(JsonText.MemberOrNull(holder, "token"), JsonText.MemberOrNull(holder, "signature"), JsonText.MemberOrNull(holder, "capability_token"));
    }
}
