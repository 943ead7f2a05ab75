using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Claw.Gateway.Auth;

/// <summary>
/// The identity provider's public keys from PEM text, and the algorithms they allow: RSA keys RS*/PS*, EC keys the ES
/// algorithm of their curve. Never <c>none</c>, never an HMAC algorithm (a public key used as an HMAC secret is the
/// classic confusion attack), and private keys are refused outright: the server only verifies.
/// </summary>
public static class JwtKeys
{
    public static readonly string[] RsaAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512];

    public static readonly string[] EcAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512];

    /// <summary>The keys of <paramref name="options"/> (inline PEM and PEM files), each with its RFC 7638 thumbprint as key id.</summary>
    public static List<AsymmetricSecurityKey> Load(JwtOptions options) =>
        [.. options.SigningKeys.Concat(options.SigningKeyFiles.Select(File.ReadAllText)).Select(FromPem)];

    /// <summary>The algorithms <paramref name="keys"/> can verify; with a key set fetched later (JWKS), every asymmetric one.</summary>
    public static string[] AlgorithmsFor(IReadOnlyCollection<AsymmetricSecurityKey> keys) => keys.Count == 0
        ? [.. RsaAlgorithms, .. EcAlgorithms]
        : [.. keys.SelectMany(AlgorithmsOf).Distinct()];

    public static AsymmetricSecurityKey FromPem(string pem)
    {
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Claw:Auth:Jwt:SigningKeys takes public keys only (BEGIN PUBLIC KEY); keep the private key with the identity provider.");
        }

        AsymmetricSecurityKey key;
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            key = new RsaSecurityKey(rsa);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            var ec = ECDsa.Create();
            try
            {
                ec.ImportFromPem(pem);
            }
            catch (Exception inner) when (inner is ArgumentException or CryptographicException)
            {
                throw new InvalidOperationException("A Claw:Auth:Jwt signing key is neither an RSA nor an EC public key in PEM form.", inner);
            }

            key = new ECDsaSecurityKey(ec);
        }

        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    private static IEnumerable<string> AlgorithmsOf(AsymmetricSecurityKey key) => key switch
    {
        RsaSecurityKey => RsaAlgorithms,
        ECDsaSecurityKey { ECDsa.KeySize: 256 } => [SecurityAlgorithms.EcdsaSha256],
        ECDsaSecurityKey { ECDsa.KeySize: 384 } => [SecurityAlgorithms.EcdsaSha384],
        ECDsaSecurityKey => [SecurityAlgorithms.EcdsaSha512],
        _ => [],
    };
}
