using Claw.Abstractions.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Claw.Gateway.Auth;

/// <summary>
/// Authenticates a bearer credential that did not come in an <c>Authorization</c> header: a WebSocket's <c>auth</c>
/// frame (browsers cannot set headers on a WebSocket). The same checks as the HTTP schemes: the key cache for API
/// keys, and for tokens the very validation parameters (and key source) the JwtBearer scheme was configured with.
/// </summary>
public sealed class BearerAuthenticator(KeyCache keys, IOptions<AuthOptions> options, IOptionsMonitor<JwtBearerOptions> jwtOptions)
{
    public async Task<(Principal? Principal, string? Failure)> AuthenticateAsync(string? credential)
    {
        if (string.IsNullOrWhiteSpace(credential))
        {
            return (null, "no credentials");
        }

        if (credential.StartsWith(ApiKeyText.Prefix, StringComparison.Ordinal) || !options.Value.Jwt.IsConfigured)
        {
            return await keys.AuthenticateAsync(credential);
        }

        var bearer = jwtOptions.Get(ClawSchemes.Jwt);
        var parameters = bearer.TokenValidationParameters.Clone();
        if (bearer.ConfigurationManager is { } source)
        {
            var configuration = await source.GetConfigurationAsync(CancellationToken.None);
            parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(credential, parameters);
        if (!result.IsValid)
        {
            return (null, JwtSetup.Reason(result.Exception ?? new InvalidOperationException()));
        }

        return ClawClaims.FromToken(result.ClaimsIdentity.Claims, options.Value.Jwt.RoleClaim) is { } principal
            ? (principal, null)
            : (null, "token has no sub or no known role");
    }
}
