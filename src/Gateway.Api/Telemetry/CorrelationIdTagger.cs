using System.Diagnostics;
using OpenTelemetry;
using Orleans.Runtime;

namespace Claw.Gateway.Telemetry;

/// <summary>
/// Puts the request's correlation id on every span that starts while Orleans' <c>RequestContext</c> carries it: the
/// grain calls a request causes, on whichever silo they run. The request's own span gets it when the response is written
/// (see <see cref="ClawTracing"/>), since it starts before the middleware that reads the header.
/// </summary>
internal sealed class CorrelationIdTagger : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (RequestContext.Get(CorrelationContext.Key) is string correlationId)
        {
            data.SetTag(CorrelationContext.SpanAttribute, correlationId);
        }
    }
}
