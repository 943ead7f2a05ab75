namespace Claw.Gateway.Telemetry;

/// <summary>Configuration section <c>Claw:Telemetry</c>, its tracing keys: where spans go and how many.</summary>
public sealed class TracingOptions
{
    public const string Section = "Claw:Telemetry";

    /// <summary>The OTLP exporter; tracing is on exactly when it has an endpoint.</summary>
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>
    /// Fraction of requests that start a trace (0..1) when the caller sent no trace context; a caller's sampled
    /// <c>traceparent</c> is always followed, so a traced agent gets its whole trace.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 1.0;
}
