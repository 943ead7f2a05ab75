using Microsoft.Extensions.Configuration;

namespace Claw.Gateway.Hosting;

/// <summary>The command-line switches of both hosts (silo and gateway-only), mapped onto the <c>Claw</c> section.</summary>
public static class ClawConfiguration
{
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--data"] = "Claw:DataDirectory",
        ["--storage"] = "Claw:Storage",
        ["--connection-string"] = "Claw:ConnectionString",
        ["--connection-string-file"] = "Claw:ConnectionStringFile",
        ["--cluster-id"] = "Claw:ClusterId",
        ["--service-id"] = "Claw:ServiceId",
        ["--silo-port"] = "Claw:SiloPort",
        ["--gateway-port"] = "Claw:GatewayPort",
        ["--crash-after"] = "Claw:Nodes:CrashAfter",
    };

    /// <summary>
    /// Secrets may be kept in files (a mounted secret, a file only the service user reads) instead of the configuration
    /// or the command line, where <c>ps</c> shows them: each key here names the file of the key it fills, read only
    /// when that key itself is unset.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SecretFiles = new Dictionary<string, string>
    {
        ["Claw:ConnectionStringFile"] = "Claw:ConnectionString",
        ["Claw:Auth:BootstrapKeyFile"] = "Claw:Auth:BootstrapKey",
        ["Claw:Tls:CertificatePasswordFile"] = "Claw:Tls:CertificatePassword",
    };

    public static IConfigurationBuilder AddClawCommandLine(this IConfigurationBuilder configuration, string[] args) =>
        configuration.AddCommandLine(args, Switches.ToDictionary(s => s.Key, s => s.Value));

    /// <summary>Fills each secret named by a file (<see cref="SecretFiles"/>) from that file, trimmed of its line end.</summary>
    public static void LoadSecretFiles(IConfiguration configuration)
    {
        foreach (var (fileKey, key) in SecretFiles)
        {
            if (configuration[fileKey] is { Length: > 0 } path && string.IsNullOrEmpty(configuration[key]))
            {
                configuration[key] = File.ReadAllText(path).Trim();
            }
        }
    }
}
