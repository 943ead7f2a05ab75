using Claw.Abstractions.Audit;
using Claw.Abstractions.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Claw.Gateway.Auth;

/// <summary>
/// Turns a refusal into the API's problem details instead of the framework's empty challenge: 401
/// <c>unauthenticated</c> with <c>WWW-Authenticate: Bearer</c> (no or bad credentials), 403 <c>forbidden</c> (role,
/// node or scope); both are audited.
/// </summary>
internal sealed partial class ClawAuthorizationResultHandler(GatewayAudit audit, ILogger<ClawAuthorizationResultHandler> logger)
    : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var principal = ClawClaims.FromClaims(context.User);
        if (principal is null)
        {
            var presented = ClawSchemes.Presented(context.Request);
            var reason = context.Items[ClawSchemes.FailureItem] as string ?? (presented ? "credentials not accepted" : "no credentials");
            audit.Record(context, AuditType.AuthenticationFailure, "unknown", "denied", reason);
            LogAuthenticationFailed(logger, context.Request.Method, context.Request.Path, reason);
            context.Response.Headers.WWWAuthenticate = presented ? "Bearer realm=\"claw\", error=\"invalid_token\"" : "Bearer realm=\"claw\"";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated,
                presented ? "The credentials were not accepted (a revoked, expired or unknown key, or an invalid token)." : "Send credentials as Authorization: Bearer <API key or token>.");
            return;
        }

        var denial = context.Items[RouteRoleHandler.DenialItem] as string ?? "Not allowed for these credentials.";
        audit.Record(context, AuditType.AuthorizationFailure, principal, "denied", denial);
        LogDenied(logger, context.Request.Method, context.Request.Path, principal.Id, denial);
        await WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, denial);
    }

    public static async Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            Detail = detail,
            Extensions = { ["code"] = code },
        };
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    [LoggerMessage(EventIds.AuthenticationFailed, LogLevel.Information, "{Method} {Path} refused: not authenticated ({Reason})")]
    private static partial void LogAuthenticationFailed(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(EventIds.AuthorizationDenied, LogLevel.Information, "{Method} {Path} refused for {Principal}: {Reason}")]
    private static partial void LogDenied(ILogger logger, string method, PathString path, string principal, string reason);
}
