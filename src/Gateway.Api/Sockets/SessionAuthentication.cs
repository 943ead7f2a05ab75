using System.Net.WebSockets;
using System.Text.Json;
using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Identity;
using Claw.Gateway.Auth;

namespace Claw.Gateway.Sockets;

/// <summary>
/// Who a control channel acts as. With auth mode <c>Required</c> the credentials come in the upgrade's
/// <c>Authorization</c> header, or, from a browser (which cannot set one), in the first frame:
/// <c>{"type":"auth","payload":{"token":"claw_…"}}</c> within <see cref="AuthOptions.FirstFrameTimeout"/>. Never from
/// the query string. A missing or bad credential closes with 4401, one that may not act for the node with 4403.
/// </summary>
internal sealed class SessionAuthentication(BearerAuthenticator authenticator, GatewayAudit audit, IGrainFactory grains, TimeProvider time)
{
    public const WebSocketCloseStatus Unauthenticated = (WebSocketCloseStatus)4401;
    public const WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;
    private const int MaxAuthFrameBytes = 16 * 1024;

    /// <summary>The principal of the first frame (and the challenge signature it may carry too), or null once the socket is closed with the reason.</summary>
    public async Task<(Principal? Principal, AuthFrame Frame)> FirstFrameAsync(WebSocket socket, string nodeId, IEnumerable<string> queues, TimeSpan timeout, string correlationId)
    {
        var frame = await ReadAuthFrameAsync(socket, timeout);
        var (principal, failure) = await authenticator.AuthenticateAsync(frame.Token);
        if (principal is null)
        {
            Record(AuditType.AuthenticationFailure, "unknown", nodeId, failure ?? "no auth frame", correlationId);
            await CloseAsync(socket, Unauthenticated, "authentication required: send {\"type\":\"auth\",\"payload\":{\"token\":…}} first");
            return (null, frame);
        }

        if (!principal.ActsFor(nodeId))
        {
            Record(AuditType.AuthorizationFailure, principal.Id, nodeId, "not this node's credentials", correlationId);
            await CloseAsync(socket, Forbidden, "these credentials may not act for this node");
            return (null, frame);
        }

        if (principal.FirstUnreached(queues) is { } outside)
        {
            Record(AuditType.AuthorizationFailure, principal.Id, nodeId, $"queue '{outside}' outside the credentials' scope", correlationId);
            await CloseAsync(socket, Forbidden, $"the queue '{outside}' is outside these credentials' scope");
            return (null, frame);
        }

        Record(AuditType.AuthenticationSuccess, principal.Id, nodeId, principal.Kind, correlationId);
        return (principal, frame);
    }

    /// <summary>
    /// The node identity challenge (API.md "Security"), for a node that registered a <c>public_key</c>: the server has
    /// sent <c>challenge {nonce, ts}</c>; the node answers <c>auth {signature}</c> (its first <c>auth</c> frame may carry
    /// it already) within <paramref name="timeout"/>. False once the socket is closed with 4401.
    /// </summary>
    public async Task<(bool Proven, AuthFrame Frame)> ProveAsync(WebSocket socket, string nodeId, NodeChallenge challenge, AuthFrame first, TimeSpan timeout)
    {
        var frame = first.Signature is null ? await ReadAuthFrameAsync(socket, timeout) : first;
        if (frame.Signature is not null && await grains.GetGrain<INodeIdentityGrain>(nodeId).VerifyConnectAsync(challenge.Nonce, challenge.TsText, frame.Signature))
        {
            return (true, frame);
        }

        await CloseAsync(socket, Unauthenticated, "the challenge was not signed with this node's public_key");
        return (false, frame);
    }

    /// <summary>
    /// A capability token presented at connect (header <c>X-Claw-Capability-Token</c> or the <c>auth</c> frame's
    /// <c>capability_token</c>): the node holds its grant from now on. False once the socket is closed (4401, or 4403
    /// for another node's token).
    /// </summary>
    public async Task<bool> PresentAsync(WebSocket socket, string nodeId, string? token)
    {
        if (token is null)
        {
            return true;
        }

        try
        {
            await grains.GetGrain<ICapabilityTokensGrain>(0).PresentAsync(token, nodeId, apply: true);
            return true;
        }
        catch (Abstractions.Errors.ClawException refused) when (refused.Status is 401 or 403)
        {
            await CloseAsync(socket, refused.Status == 403 ? Forbidden : Unauthenticated, "capability token refused: " + refused.Message);
            return false;
        }
    }

    /// <summary>Sends the challenge as the session's first frame.</summary>
    public static Task SendChallengeAsync(WebSocket socket, NodeChallenge challenge) =>
        socket.SendAsync(new Frame(FrameTypes.Challenge, new { nonce = challenge.Nonce, ts = challenge.Ts }).ToUtf8(), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<AuthFrame> ReadAuthFrameAsync(WebSocket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return AuthFrame.Parse(await ReadTextAsync(socket, cancel.Token));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or JsonException)
        {
            return AuthFrame.None;
        }
    }

    private void Record(AuditType type, string principal, string nodeId, string reason, string correlationId) =>
        audit.Record(new(time.GetUtcNow(), type, principal, nodeId, "ws auth frame", "node:" + nodeId,
            type == AuditType.AuthenticationSuccess ? "allowed" : "denied", reason, correlationId));

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
            await socket.CloseAsync(status, CloseReason.Fit(reason), grace.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }
}
