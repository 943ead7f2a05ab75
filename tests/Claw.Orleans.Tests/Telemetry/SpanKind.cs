namespace Claw.Tests.Telemetry;

/// <summary>OTLP's span kinds, as numbered on the wire.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
