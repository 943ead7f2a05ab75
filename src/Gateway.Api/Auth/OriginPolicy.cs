using Microsoft.Extensions.Options;

namespace Claw.Gateway.Auth;

/// <summary>
/// Which browser origins may talk to this server: its own (the <c>Origin</c> names the host the request was sent to)
/// and <see cref="AuthOptions.AllowedOrigins"/>. A request without <c>Origin</c> is not from a browser page (or is a
/// same-origin GET) and is not judged here.
/// </summary>
public sealed class OriginPolicy(IOptions<AuthOptions> options)
{
    public bool Allows(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false; // "null" (sandboxed pages, file://) and garbage
        }

        var self = uri.Authority.Equals(request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && (uri.Scheme == request.Scheme || (uri.Scheme, request.Scheme) is ("wss", "https") or ("ws", "http"));
        return self || options.Value.AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
