namespace Claw.Tests.Telemetry;

/// <summary>
/// Tracing tests run alone: activity listeners are process-wide, so a tracer in one host also sees every other host's
/// requests in this test process, and the other tests would pay for spans they never asked for.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "tracing";
}
