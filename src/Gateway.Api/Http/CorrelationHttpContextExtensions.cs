using Claw.Abstractions;

namespace Claw.Gateway.Http;

/// <summary>Reads the correlation id the middleware stored for this request.</summary>
public static class CorrelationHttpContextExtensions
{
    public static string CorrelationId(this HttpContext context) =>
        context.Items.TryGetValue(CorrelationContext.Key, out var id) && id is string text ? text : "";
}
