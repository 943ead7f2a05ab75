namespace Claw.Gateway.Auth;

/// <summary>The authentication schemes: <see cref="Default"/> picks one of the others for each request.</summary>
public static class ClawSchemes
{
    public const string Default = "claw";
    public const string None = "claw-none";
    public const string ApiKey = "claw-key";
    public const string Jwt = "claw-jwt";

    /// <summary>HttpContext item holding why the presented credentials did not authenticate (for the 401 and the audit).</summary>
    public const string FailureItem = "claw.auth_failure";

    /// <summary>The bearer token of <c>Authorization: Bearer …</c>, or null when the header is absent or another scheme.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>True when the request carries an <c>Authorization</c> header at all.</summary>
    public static bool Presented(HttpRequest request) => request.Headers.Authorization.Count > 0;
}
