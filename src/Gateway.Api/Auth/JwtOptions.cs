namespace Claw.Gateway.Auth;

/// <summary><c>Claw:Auth:Jwt</c>: bearer tokens from an identity provider, checked by Microsoft.IdentityModel.</summary>
public sealed class JwtOptions
{
    /// <summary>The one issuer (<c>iss</c>) accepted.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>) a token must name.</summary>
    public string? Audience { get; set; }

    /// <summary>PEM public keys (RSA or EC; <c>BEGIN PUBLIC KEY</c>) the provider signs with. Private keys are refused.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>Files holding such PEM public keys (one key per file), for keys kept out of the configuration.</summary>
    public List<string> SigningKeyFiles { get; set; } = [];

    /// <summary>Where the provider publishes its keys (a JWKS document; https, or http on loopback), instead of <see cref="SigningKeys"/>.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>The claim that carries the role (<c>admin</c>, <c>operator</c>, <c>agent</c>, <c>reader</c>).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Tolerated clock difference for <c>exp</c> and <c>nbf</c>; at most 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Issuer) || SigningKeys.Count > 0 || SigningKeyFiles.Count > 0 || !string.IsNullOrWhiteSpace(JwksUrl);
}
