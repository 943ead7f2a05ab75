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
        ["--cluster-id"] = "Claw:ClusterId",
        ["--service-id"] = "Claw:ServiceId",
        ["--silo-port"] = "Claw:SiloPort",
        ["--gateway-port"] = "Claw:GatewayPort",
        ["--crash-after"] = "Claw:Nodes:CrashAfter",
    };

    public static IConfigurationBuilder AddClawCommandLine(this IConfigurationBuilder configuration, string[] args) =>
        configuration.AddCommandLine(args, Switches.ToDictionary(s => s.Key, s => s.Value));
}
