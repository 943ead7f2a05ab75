using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Claw.Tests.Security;

/// <summary>
/// A stand-in identity provider for the tests: an RSA and an EC signing key whose public halves the host is configured
/// with, tokens signed by them, and the forged tokens of the attack corpus.
/// </summary>
public sealed class TokenMint : IDisposable
{
    public const string Issuer = "https://idp.claw.test";
    public const string Audience = "claw-api";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _stranger = RSA.Create(2048);

    public string RsaPublicPem => _rsa.ExportSubjectPublicKeyInfoPem();

    public string EcPublicPem => _ec.ExportSubjectPublicKeyInfoPem();

    /// <summary>The host's switches that trust this provider.</summary>
    public string[] HostArgs =>
    [
        "--Claw:Auth:Jwt:Issuer", Issuer,
        "--Claw:Auth:Jwt:Audience", Audience,
        "--Claw:Auth:Jwt:SigningKeys:0", RsaPublicPem,
        "--Claw:Auth:Jwt:SigningKeys:1", EcPublicPem,
    ];

    public string Rsa(string role, string subject = "alice", Action<SecurityTokenDescriptor>? change = null) =>
        Sign(new RsaSecurityKey(_rsa) { KeyId = "idp-rsa" }, SecurityAlgorithms.RsaSha256, role, subject, change);

    public string Ec(string role, string subject = "bob") =>
        Sign(new ECDsaSecurityKey(_ec) { KeyId = "idp-ec" }, SecurityAlgorithms.EcdsaSha256, role, subject, null);

    /// <summary>Signed by a key the host does not know, under a key id it has never seen.</summary>
    public string UnknownKid(string role) => Sign(new RsaSecurityKey(_stranger) { KeyId = "not-a-known-kid" }, SecurityAlgorithms.RsaSha256, role, "mallory", null);

    /// <summary><c>alg: none</c>, no signature.</summary>
    public string AlgNone(string role) => $"{Segment("""{"alg":"none","typ":"JWT"}""")}.{Segment(Payload(role))}.";

    /// <summary>HS256 with the RSA public key's PEM text as the HMAC secret: the key-confusion attack.</summary>
    public string HmacWithPublicKey(string role)
    {
        var signed = $"{Segment("""{"alg":"HS256","typ":"JWT"}""")}.{Segment(Payload(role))}";
        using var hmac = new HMACSHA256(Encoding.ASCII.GetBytes(RsaPublicPem));
        return signed + "." + Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>A valid token with its signature's bytes changed.</summary>
    public string BadSignature(string role)
    {
        var token = Rsa(role);
        var dot = token.LastIndexOf('.');
        var signature = Base64UrlEncoder.DecodeBytes(token[(dot + 1)..]);
        signature[10] ^= 0xFF;
        return token[..(dot + 1)] + Base64UrlEncoder.Encode(signature);
    }

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
        _stranger.Dispose();
    }

    private static string Sign(SecurityKey key, string algorithm, string role, string subject, Action<SecurityTokenDescriptor>? change)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)]),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, algorithm),
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static string Payload(string role)
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return $$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","sub":"mallory","role":"{{role}}","exp":{{exp}}}""";
    }

    private static string Segment(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
