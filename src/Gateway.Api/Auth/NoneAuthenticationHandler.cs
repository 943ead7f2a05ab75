using System.Text.Encodings.Web;
using Claw.Abstractions.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Auth;

/// <summary>Auth mode <c>None</c>: every request is the local admin, recorded as <c>anonymous</c>.</summary>
internal sealed class NoneAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly AuthenticationTicket Ticket = new(ClawClaims.ToClaims(Principal.Anonymous, ClawSchemes.None), ClawSchemes.None);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.Success(Ticket));
}
