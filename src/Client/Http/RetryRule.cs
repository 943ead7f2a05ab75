using System.Net;
using Polly;

namespace Claw.Client.Http;

/// <summary>
/// Which outcomes the resilience pipeline tries again: a 429 or 503 always (the server did nothing and says when to
/// come back), and a call that got no answer at all only when repeating it cannot do a thing twice: a read, a create
/// with its idempotency key, or a report the server takes twice as once (a lease's complete, fail, heartbeat). A raw
/// socket error reaches it as an <see cref="HttpRequestException"/> too (<see cref="SocketErrorHandler"/>).
/// </summary>
internal static class RetryRule
{
    private static readonly HttpRequestOptionsKey<bool> Repeatable = new("claw.repeatable");

    public static void MarkRepeatable(HttpRequestMessage request, bool repeatable) => request.Options.Set(Repeatable, repeatable);

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } => true,
        { Exception: HttpRequestException } => request is not null && request.Options.TryGetValue(Repeatable, out var repeatable) && repeatable,
        _ => false,
    };
}
