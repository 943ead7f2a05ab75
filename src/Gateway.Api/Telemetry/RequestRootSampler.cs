using OpenTelemetry.Trace;

namespace Claw.Gateway.Telemetry;

/// <summary>
/// Decides for spans without a parent: an HTTP request starts a trace (at the configured ratio), nothing else does.
/// Background work (sweeps, reminders, membership probes, grain deactivation) would otherwise start a trace of its own
/// every few seconds per grain; it is still traced when a traced request causes it, through its parent.
/// </summary>
internal sealed class RequestRootSampler(double ratio) : Sampler
{
    /// <summary>The activity ASP.NET Core starts for each request.</summary>
    public const string HttpRequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private readonly TraceIdRatioBasedSampler _requests = new(ratio);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Name == HttpRequestActivity ? _requests.ShouldSample(samplingParameters) : Drop;
}
