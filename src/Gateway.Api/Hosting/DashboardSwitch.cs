using Microsoft.Extensions.Configuration;

namespace Claw.Gateway.Hosting;

/// <summary>
/// <c>Claw:Dashboard:Enabled</c> (default true): whether a process hosts the Orleans Dashboard at <c>/dashboard</c>.
/// Off, the process also drops the dashboard's own metric reader, which aggregates every Orleans measurement a second
/// time each second (see bench/README.md for what it costs).
/// </summary>
public static class DashboardSwitch
{
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Claw:Dashboard:Enabled", true);
}
