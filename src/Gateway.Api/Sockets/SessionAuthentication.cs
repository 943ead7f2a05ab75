using System.Net.WebSockets;
using System.Text.Json;
using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Gateway.Auth;

namespace Claw.Gateway.Sockets;

/// <summary>
/// Who a control channel acts as. With auth mode <c>Required</c> the credentials come in the upgrade's
/// <c>Authorization</c> header, or, from a browser (which cannot set one), in the first frame:
/// <c>{"type":"auth","payload":{"token":"claw_…"}}</c> within <see cref="AuthOptions.FirstFrameTimeout"/>. Never from
/// the query string. A missing or bad credential closes with 4401, one that may not act for the node with 4403.
/// </summary>
internal sealed class SessionAuthentication(BearerAuthenticator authenticator, GatewayAudit audit, TimeProvider time)
{
    public const WebSocketCloseStatus Unauthenticated = (WebSocketCloseStatus)4401;
    public const WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;
    private const int MaxAuthFrameBytes = 16 * 1024;

    /// <summary>The principal of the first frame, or null once the socket is closed with the reason.</summary>
    public async Task<Principal?> FirstFrameAsync(WebSocket socket, string nodeId, TimeSpan timeout, string correlationId)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? token;
        try
        {
            token = TokenOf(await ReadTextAsync(socket, cancel.Token));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or JsonException)
        {
            token = null;
        }

        var (principal, failure) = await authenticator.AuthenticateAsync(token);
        if (principal is null)
        {
            Record(AuditType.AuthenticationFailure, "unknown", nodeId, failure ?? "no auth frame", correlationId);
            await CloseAsync(socket, Unauthenticated, "authentication required: send {\"type\":\"auth\",\"payload\":{\"token\":…}} first");
            return null;
        }

        if (!principal.ActsFor(nodeId))
        {
            Record(AuditType.AuthorizationFailure, principal.Id, nodeId, "not this node's credentials", correlationId);
            await CloseAsync(socket, Forbidden, "these credentials may not act for this node");
            return null;
        }

        Record(AuditType.AuthenticationSuccess, principal.Id, nodeId, principal.Kind, correlationId);
        return principal;
    }

    private void Record(AuditType type, string principal, string nodeId, string reason, string correlationId) =>
        audit.Record(new(time.GetUtcNow(), type, principal, nodeId, "ws auth frame", "node:" + nodeId,
            type == AuditType.AuthenticationSuccess ? "allowed" : "denied", reason, correlationId));

    private static string? TokenOf(byte[]? text)
    {
        if (text is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != FrameTypes.Auth)
        {
            return null;
        }

        var holder = root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object ? payload : root;
        return holder.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
    }

    private static async Task<byte[]?> ReadTextAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxAuthFrameBytes];
        var length = 0;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (received.MessageType != WebSocketMessageType.Text)
            {
                return null;
            }

            length += received.Count;
            if (received.EndOfMessage)
            {
                return buffer[..length];
            }

            if (length == buffer.Length)
            {
                return null;
            }
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseAsync(status, reason, grace.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }
}
