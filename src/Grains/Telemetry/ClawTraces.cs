using System.Diagnostics;

namespace Claw.Grains.Telemetry;

/// <summary>
/// The <c>Claw.Orleans</c> activity source: the spans of our own code (storage commits) beside ASP.NET Core's and
/// Orleans'. It costs nothing while no tracer listens: <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// answers null, and the silo registers a listener only when an exporter is configured.
/// </summary>
public static class ClawTraces
{
    public const string SourceName = "Claw.Orleans";

    /// <summary>Row statements in one transaction (OpenTelemetry's database semantic conventions).</summary>
    public const string BatchSizeAttribute = "db.operation.batch.size";

    public const string DatabaseSystemAttribute = "db.system.name";

    public const string TableAttribute = "claw.storage.table";

    internal static readonly ActivitySource Source = new(SourceName, ClawMetrics.Version);
}
