using System.Net;
using System.Net.Sockets;
using Polly;

namespace Claw.Client.Http;

/// <summary>
/// Which outcomes the resilience pipeline tries again: a 429 or 503 always (the server did nothing and says when to
/// come back), and a call that got no answer at all only when repeating it cannot do a thing twice: a read, a create
/// with its idempotency key, or a report the server takes twice as once (a lease's complete, fail, heartbeat). A
/// <see cref="SocketException"/> is no answer too: .NET lets one escape unwrapped when a connection drops as it opens.
/// </summary>
internal static class RetryRule
{
    private static readonly HttpRequestOptionsKey<bool> Repeatable = new("claw.repeatable");

    public static void MarkRepeatable(HttpRequestMessage request, bool repeatable) => request.Options.Set(Repeatable, repeatable);

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request) => outcome switch
    {
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } => true,
        { Exception: HttpRequestException or SocketException } => request is not null && request.Options.TryGetValue(Repeatable, out var repeatable) && repeatable,
        _ => false,
    };
}
