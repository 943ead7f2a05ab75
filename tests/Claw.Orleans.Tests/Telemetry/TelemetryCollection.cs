namespace Claw.Tests.Telemetry;

/// <summary>
/// Telemetry tests run alone. Activity listeners are process-wide, so a tracer in one host also sees every other host's
/// requests in this test process (and the other tests would pay for spans they never asked for); and OpenTelemetry
/// drops the series a meter shares with a same-named one once either is disposed, so a host ending in a parallel test
/// would take series off a scrape (see MetricsEndpointTests).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
