using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace Claw.Gateway.Hosting;

/// <summary>
/// TLS on every Orleans connection, with Orleans' own connection package: each side shows its certificate and accepts
/// the other's only if it is pinned (its own, or one of <see cref="ClawTlsOptions.AllowedThumbprints"/>) or issued by
/// the configured CA. Without <c>Claw:Tls:CertificatePath</c> nothing changes.
/// </summary>
public static class ClawTls
{
    public static void UseOnSilo(ISiloBuilder silo, IConfigurationSection section)
    {
        if (Load(section) is { } tls)
        {
            silo.UseTls(tls.Certificate, options => Configure(options, tls));
        }
    }

    public static void UseOnClient(IClientBuilder client, IConfigurationSection section)
    {
        if (Load(section) is { } tls)
        {
            client.UseTls(tls.Certificate, options => Configure(options, tls));
        }
    }

    private static (X509Certificate2 Certificate, Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool> Accepts)? Load(IConfigurationSection section)
    {
        var options = section.Get<ClawTlsOptions>() ?? new ClawTlsOptions();
        if (!options.Enabled)
        {
            return null;
        }

        var certificate = string.IsNullOrEmpty(options.KeyPath)
            ? X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, options.CertificatePassword)
            : X509Certificate2.CreateFromPemFile(options.CertificatePath!, options.KeyPath);
        var pinned = options.AllowedThumbprints.Select(t => t.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant())
            .Append(Thumbprint(certificate)).ToHashSet(StringComparer.Ordinal);
        var ca = string.IsNullOrEmpty(options.CaCertificatePath) ? null : X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);
        return (certificate, (peer, _, errors) => errors == SslPolicyErrors.None || pinned.Contains(Thumbprint(peer)) || IssuedBy(peer, ca));
    }

    private static void Configure(TlsOptions options, (X509Certificate2 Certificate, Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool> Accepts) tls)
    {
        options.LocalCertificate = tls.Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (peer, chain, errors) => tls.Accepts(peer, chain, errors);
    }

    /// <summary>The SHA-256 thumbprint in upper-case hex, as <c>openssl x509 -fingerprint -sha256</c> prints it without colons.</summary>
    public static string Thumbprint(X509Certificate2 certificate) => Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));

    private static bool IssuedBy(X509Certificate2 peer, X509Certificate2? ca)
    {
        if (ca is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }
}
