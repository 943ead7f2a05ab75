using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Claw.Gateway.Auth;

/// <summary>
/// Composes authentication (mode <c>None</c>: everyone is the local admin; <c>Required</c>: API keys, and JWT when an
/// identity provider is configured), the one route-role policy every endpoint falls back to, rate limits, and the
/// browser and query-string guards.
/// </summary>
public static class AuthSetup
{
    public static IHostApplicationBuilder AddClawAuth(this IHostApplicationBuilder builder, AuthMode mode)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(AuthOptions.Section);
        var options = section.Get<AuthOptions>() ?? new AuthOptions();
        services.Configure<AuthOptions>(section);
        services.Configure<AuthOptions>(o => o.Mode = mode);
        services.AddSingleton<KeyCache>();
        services.AddSingleton<Identity.ResultProofs>();
        services.AddSingleton<GatewayAudit>();
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<BearerAuthenticator>();
        services.AddHostedService<RevocationListener>();
        services.AddSingleton<IAuthorizationHandler, RouteRoleHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ClawAuthorizationResultHandler>();

        var authentication = services.AddAuthentication(ClawSchemes.Default)
            .AddPolicyScheme(ClawSchemes.Default, "Claw", scheme => scheme.ForwardDefaultSelector = http => Select(http, mode, options.Jwt.IsConfigured))
            .AddScheme<AuthenticationSchemeOptions, NoneAuthenticationHandler>(ClawSchemes.None, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ClawSchemes.ApiKey, null);
        if (mode == AuthMode.Required && options.Jwt.IsConfigured)
        {
            var keys = JwtKeys.Load(options.Jwt);
            authentication.AddJwtBearer(ClawSchemes.Jwt, bearer => JwtSetup.Configure(bearer, options.Jwt, keys));
        }

        services.AddAuthorization(authorization =>
        {
            var everyRoute = new AuthorizationPolicyBuilder().AddRequirements(new RouteRoleRequirement()).Build();
            authorization.FallbackPolicy = everyRoute;
            authorization.DefaultPolicy = everyRoute;
        });
        if (mode == AuthMode.Required)
        {
            var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
            services.AddRateLimiter(limiter => RateLimits.Configure(limiter, limits));
        }
        else if (string.IsNullOrEmpty(builder.Configuration["AllowedHosts"]))
        {
            // Nobody authenticates, so only names of this machine may reach it: a page whose own name resolves to
            // 127.0.0.1 (DNS rebinding) is refused by its Host header.
            builder.Configuration["AllowedHosts"] = "localhost;127.0.0.1;[::1]";
        }

        return builder;
    }

    public static WebApplication UseClawAuth(this WebApplication app, AuthMode mode)
    {
        app.UseMiddleware<CredentialQueryGuard>();
        app.UseMiddleware<BrowserGuard>();
        app.UseAuthentication();
        app.UseMiddleware<PrincipalMiddleware>();
        if (mode == AuthMode.Required)
        {
            app.UseRateLimiter();
        }

        app.UseAuthorization();
        return app;
    }

    private static string Select(HttpContext http, AuthMode mode, bool jwt)
    {
        if (mode == AuthMode.None)
        {
            return ClawSchemes.None;
        }

        var token = ClawSchemes.BearerToken(http.Request);
        return jwt && token is not null && !token.StartsWith(Abstractions.Auth.ApiKeyText.Prefix, StringComparison.Ordinal) ? ClawSchemes.Jwt : ClawSchemes.ApiKey;
    }
}
