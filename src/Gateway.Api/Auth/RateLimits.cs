using System.Globalization;
using System.Threading.RateLimiting;
using Claw.Abstractions.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace Claw.Gateway.Auth;

/// <summary>
/// ASP.NET Core's rate limiter, one token bucket per principal (per remote address for a caller that did not
/// authenticate); a refusal is 429 <c>rate_limited</c> with <c>Retry-After</c> as problem details, not the
/// middleware's bare 503.
/// </summary>
internal static partial class RateLimits
{
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            ClawClaims.FromClaims(http.User) is { } principal
                ? Bucket("principal:" + principal.Id, options.PermitsPerSecond, options.Burst)
                : Bucket("address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"), options.AnonymousPermitsPerSecond, options.AnonymousBurst));
        limiter.OnRejected = async (context, _) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            var http = context.HttpContext;
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            LogLimited(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits)), ClawClaims.FromClaims(http.User)?.Id ?? "anonymous");
            await ClawAuthorizationResultHandler.WriteAsync(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, $"Too many requests; retry after {retryAfter} s.");
        };
    }

    private static RateLimitPartition<string> Bucket(string key, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, perSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    [LoggerMessage(EventIds.RateLimited, LogLevel.Debug, "Rate limited {Principal}")]
    private static partial void LogLimited(ILogger logger, string principal);
}
