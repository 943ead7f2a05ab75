using System.Text.Json;

namespace Claw.Tests.Operations;

internal static class MonitoringJson
{
    public static JsonElement Subsystem(this JsonElement status, string name) => status.GetProperty("subsystems").GetProperty(name);
}
