namespace Claw.Tests.Telemetry;

/// <summary>One span as an OTLP collector received it, with the resource and scope it came under.</summary>
public sealed record ReceivedSpan(
    string Service,
    string ServiceInstance,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    SpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<string> LinkedSpanIds)
{
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);

    public override string ToString() => $"{Scope} {Kind} '{Name}' {SpanId} <- {(ParentSpanId.Length == 0 ? "(root)" : ParentSpanId)} [{string.Join(", ", Attributes.Select(a => $"{a.Key}={a.Value}"))}]";
}
