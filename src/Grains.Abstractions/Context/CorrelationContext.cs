namespace Claw.Abstractions;

/// <summary>The Orleans <c>RequestContext</c> key under which the request's correlation id travels through grain calls.</summary>
public static class CorrelationContext
{
    public const string Key = "claw.correlation_id";

    /// <summary>The HTTP header that carries it (API.md conventions).</summary>
    public const string Header = "X-Claw-Correlation-Id";

    /// <summary>The span attribute that carries it on every traced request, grain call and storage write.</summary>
    public const string SpanAttribute = "claw.correlation_id";
}
