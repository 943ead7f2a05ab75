using System.Net.WebSockets;

namespace Claw.Grains.OpenClaw.Protocol;

/// <summary>
/// The gateway answered a request with <c>ok: false</c>. <see cref="Code"/> is its code (<c>UNAVAILABLE</c>,
/// <c>INVALID_REQUEST</c>, <c>FORBIDDEN</c>, …); <see cref="Retryable"/> and <see cref="RetryAfter"/> are what it said.
/// </summary>
public sealed class GatewayRefusedException(string code, string message, bool retryable, TimeSpan? retryAfter, string? detailCode)
    : Exception(message)
{
    public string Code { get; } = code;

    public bool Retryable { get; } = retryable;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The finer code in <c>details.code</c> (e.g. <c>AUTH_TOKEN_MISMATCH</c>), when given.</summary>
    public string? DetailCode { get; } = detailCode;
}

/// <summary>The connection ended (a close frame, a dropped socket, or a failed open) before the answer came.</summary>
public sealed class GatewayClosedException(WebSocketCloseStatus? status, string? reason, Exception? inner = null)
    : Exception(Describe(status, reason), inner)
{
    /// <summary>The gateway's close code: 1012 (restart) means come back, 1008 (policy) means do not.</summary>
    public WebSocketCloseStatus? Status { get; } = status;

    public string? Reason { get; } = reason;

    private static string Describe(WebSocketCloseStatus? status, string? reason) =>
        status is null ? $"the connection to the gateway was lost{(reason is null ? "" : ": " + reason)}" : $"the gateway closed the connection ({(int)status.Value} {reason})";
}
