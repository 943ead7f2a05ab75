namespace Claw.Gateway.Hosting;

/// <summary>
/// Configuration section <c>Claw:Tls</c>: TLS on the Orleans connections (silo to silo, gateway process to silo), with
/// a certificate on both ends. Off unless <see cref="CertificatePath"/> is set. docs/security.md tells how to make one.
/// </summary>
public sealed class ClawTlsOptions
{
    /// <summary>This process's certificate: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>), or a PEM certificate with <see cref="KeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 password: from the environment (<c>Claw__Tls__CertificatePassword</c>) or <c>CertificatePasswordFile</c>, never the command line.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>A CA certificate (PEM) that issued the cluster's certificates; a peer's certificate must chain to it.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>SHA-256 thumbprints (hex) of peer certificates accepted as they are (self-signed ones); this process's own is always accepted.</summary>
    public List<string> AllowedThumbprints { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
