using Claw.Abstractions.Errors;
using Microsoft.Net.Http.Headers;

namespace Claw.Gateway.Auth;

/// <summary>
/// Keeps web pages from driving the API through a visitor's browser (the server may sit on that visitor's loopback,
/// where mode <c>None</c> needs no credentials). A state-changing request (anything but GET, HEAD, OPTIONS):
/// <list type="bullet">
/// <item>with a body a form can send without asking (<c>application/x-www-form-urlencoded</c>, <c>multipart/form-data</c>,
/// <c>text/plain</c>) → 415 <c>unsupported_media_type</c>;</item>
/// <item>with an <c>Origin</c> that is neither the server's own nor allowed → 403 <c>forbidden</c>;</item>
/// <item>from a browser (<c>Origin</c> or <c>Sec-Fetch-Site</c> present) without a body → it must say
/// <c>Content-Type: application/json</c> or <c>X-Claw-Request: 1</c>, which a blind form post cannot.</item>
/// </list>
/// Clients that are not browsers send none of these headers and are not affected. The WebSocket upgrade checks
/// <c>Origin</c> itself (an upgrade is a GET).
/// </summary>
internal sealed class BrowserGuard(RequestDelegate next, OriginPolicy origins)
{
    public const string ExplicitHeader = "X-Claw-Request";

    private static readonly string[] FormTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(context);
            return;
        }

        var refusal = Refusal(request);
        if (refusal is { } problem)
        {
            await ClawAuthorizationResultHandler.WriteAsync(context, problem.Status, problem.Code, problem.Detail);
            return;
        }

        await next(context);
    }

    private (int Status, string Code, string Detail)? Refusal(HttpRequest request)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && FormTypes.Any(f => type.MediaType.Equals(f, StringComparison.OrdinalIgnoreCase)))
        {
            return (StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Send the body as application/json.");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !origins.Allows(request, origin))
        {
            return (StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Requests from this browser origin are not allowed (Claw:Auth:AllowedOrigins).");
        }

        var browser = origin.Length > 0 || request.Headers.ContainsKey("Sec-Fetch-Site");
        var declared = request.HasJsonContentType() || request.Headers.ContainsKey(ExplicitHeader);
        return browser && !declared
            ? (StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, $"A state-changing call from a browser must send Content-Type: application/json or {ExplicitHeader}: 1.")
            : null;
    }
}
