using Claw.Grains.Instances;
using Claw.Grains.OpenClaw;
using Claw.Grains.WireGuard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Claw.Silo;

/// <summary>The silo side of OpenClaw: gateway connections, the instance supervisor, and their settings (checked at start).</summary>
public static class OpenClawServices
{
    public static IServiceCollection AddOpenClaw(this IServiceCollection services, IConfiguration claw)
    {
        services.AddOptions<OpenClawOptions>().Bind(claw.GetSection(OpenClawOptions.Section));
        services.AddOptions<InstanceOptions>().Bind(claw.GetSection(InstanceOptions.Section))
            .Validate(o => Valid(() => PortRange.Parse(o.PortRange)), "Claw:Instances:PortRange must be a range like 18800-18999 within 1024-65535.")
            .Validate(o => GatewayLaunch.Split(o.Launcher).Count > 0, "Claw:Instances:Launcher must name a command.")
            .PostConfigure(o => o.Directory = Path.GetFullPath(string.IsNullOrWhiteSpace(o.Directory)
                ? Path.Combine(claw["DataDirectory"] is { Length: > 0 } data ? data : "./data", "instances")
                : o.Directory))
            .ValidateOnStart();
        services.AddOptions<WireGuardOptions>().Bind(claw.GetSection(WireGuardOptions.Section))
            .Validate(o => Ipv4Cidr.TryParse(o.Cidr, out _), $"Claw:WireGuard:Cidr must be an IPv4 network from /{Ipv4Cidr.MinPrefix} to /{Ipv4Cidr.MaxPrefix}, e.g. 10.66.0.0/24.")
            .ValidateOnStart();
        services.AddSingleton<OpenClawMetrics>();
        services.AddSingleton<DeviceKeys>();
        services.AddSingleton<OpenClawConnections>();
        services.AddSingleton<InstanceSupervisor>();
        services.AddSingleton<Orleans.ILifecycleParticipant<Orleans.Runtime.ISiloLifecycle>, OpenClawShutdownParticipant>();
        return services;
    }

    private static bool Valid(Action parse)
    {
        try
        {
            parse();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
