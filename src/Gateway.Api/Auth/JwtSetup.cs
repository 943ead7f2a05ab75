using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Claw.Gateway.Auth;

/// <summary>
/// JwtBearer for tokens of an identity provider: issuer, audience, lifetime (<c>exp</c> required, <c>nbf</c> honoured,
/// skew ≤ 30 s) and signature are checked by Microsoft.IdentityModel, with the algorithms pinned to the configured keys.
/// A valid token becomes a <see cref="Abstractions.Auth.Principal"/> through its role claim; one without a known role
/// does not authenticate.
/// </summary>
public static class JwtSetup
{
    /// <param name="keys">The configured keys, loaded once at start (<see cref="JwtKeys.Load"/>), so a bad key stops the start, not a request.</param>
    public static void Configure(JwtBearerOptions bearer, JwtOptions jwt, List<AsymmetricSecurityKey> keys)
    {
        bearer.MapInboundClaims = false;
        bearer.IncludeErrorDetails = false; // the 401 says "invalid token", never which check failed
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = keys,
            ValidAlgorithms = JwtKeys.AlgorithmsFor(keys),
            ClockSkew = jwt.ClockSkew,
            NameClaimType = "sub",
            RoleClaimType = jwt.RoleClaim,
        };
        if (!string.IsNullOrWhiteSpace(jwt.JwksUrl))
        {
            var url = new Uri(jwt.JwksUrl);
            bearer.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                jwt.JwksUrl, new JwksRetriever(), new HttpDocumentRetriever { RequireHttps = !IsLoopback(url) });
        }

        bearer.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (ClawClaims.FromToken(context.Principal!.Claims, jwt.RoleClaim) is { } principal)
                {
                    context.Principal = ClawClaims.ToClaims(principal, ClawSchemes.Jwt);
                }
                else
                {
                    context.HttpContext.Items[ClawSchemes.FailureItem] = $"token has no sub or no known {jwt.RoleClaim} claim";
                    context.Fail("The token carries no subject or no known role.");
                }

                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                context.HttpContext.Items[ClawSchemes.FailureItem] = Reason(context.Exception);
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>A short reason for the audit log; the token and the keys never appear in it.</summary>
    public static string Reason(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidAlgorithmException => "algorithm not allowed",
        SecurityTokenSignatureKeyNotFoundException => "unknown signing key",
        SecurityTokenInvalidSignatureException => "bad signature",
        SecurityTokenNoExpirationException => "token has no expiry",
        SecurityTokenMalformedException or ArgumentException => "malformed token",
        _ => "invalid token",
    };

    private static bool IsLoopback(Uri url) => url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
