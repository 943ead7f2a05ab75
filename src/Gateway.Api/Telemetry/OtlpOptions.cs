namespace Claw.Gateway.Telemetry;

/// <summary>Configuration section <c>Claw:Telemetry:Otlp</c>: the collector that receives our spans.</summary>
public sealed class OtlpOptions
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>
    /// The collector, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (HTTP, to which
    /// <c>/v1/traces</c> is added when the address has no path). Empty: no tracing at all.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (the OTLP default) or <c>http/protobuf</c>, as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> spells them.</summary>
    public string Protocol { get; set; } = Grpc;
}
