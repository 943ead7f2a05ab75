using Claw.Abstractions.Errors;

namespace Claw.Gateway.Auth;

/// <summary>
/// Refuses credentials in a query string (400 <c>credentials_in_query</c>): URLs end up in proxy logs, browser history
/// and Referer headers. Credentials go in <c>Authorization: Bearer …</c> (or a WebSocket's first frame).
/// </summary>
internal sealed class CredentialQueryGuard(RequestDelegate next)
{
    private static readonly string[] Names = ["token", "access_token", "api_key", "apikey"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.QueryString.HasValue && context.Request.Query.Keys.FirstOrDefault(k => Names.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } name)
        {
            await ClawAuthorizationResultHandler.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.CredentialsInQuery,
                $"Credentials are never taken from the query string ('{name}'); send them as Authorization: Bearer …");
            return;
        }

        await next(context);
    }
}
