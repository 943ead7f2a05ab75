using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Auth;

/// <summary>
/// <c>Authorization: Bearer claw_{id}_{secret}</c>: checked against the key's stored hash through this process's
/// <see cref="KeyCache"/>. No header: no result (the route decides whether that is a 401).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!ClawSchemes.Presented(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var (principal, failure) = ClawSchemes.BearerToken(Request) is { Length: > 0 } token
            ? await keys.AuthenticateAsync(token)
            : (null, "only Authorization: Bearer credentials are accepted");
        if (principal is null)
        {
            Context.Items[ClawSchemes.FailureItem] = failure;
            return AuthenticateResult.Fail(failure!);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(ClawClaims.ToClaims(principal, ClawSchemes.ApiKey), ClawSchemes.ApiKey));
    }
}
