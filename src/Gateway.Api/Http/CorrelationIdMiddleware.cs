using Claw.Abstractions;

namespace Claw.Gateway.Http;

/// <summary>
/// Takes <c>X-Claw-Correlation-Id</c> from the request (or makes one), echoes it on the response, and carries it
/// into Orleans' <c>RequestContext</c> (so every grain call the request causes sees it) and the log scope.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    private const int MaxLength = 128;

    /// <summary>A defined scope: every request opens one, so it is not a dictionary each time.</summary>
    private static readonly Func<ILogger, string, IDisposable?> Scope = LoggerMessage.DefineScope<string>("CorrelationId:{CorrelationId}");

    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = Accept(context.Request.Headers[CorrelationContext.Header].ToString()) ?? Guid.NewGuid().ToString("N");
        context.Items[CorrelationContext.Key] = correlationId;
        context.Response.Headers[CorrelationContext.Header] = correlationId;
        RequestContext.Set(CorrelationContext.Key, correlationId);
        using (Scope(logger, correlationId))
        {
            try
            {
                await next(context);
            }
            finally
            {
                RequestContext.Remove(CorrelationContext.Key);
            }
        }
    }

    /// <summary>
    /// A correlation id (of a request or a WebSocket frame) is echoed into logs, headers and frames, so only short
    /// printable ASCII is taken; anything else is null, and the caller uses its own.
    /// </summary>
    public static string? Accept(string? value) =>
        value is { Length: > 0 and <= MaxLength } && !value.AsSpan().ContainsAnyExceptInRange('!', '~') ? value : null;
}
