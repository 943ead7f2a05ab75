using System.Collections.Immutable;
using Claw.Abstractions.Instances;

namespace Claw.Gateway.Instances;

/// <summary>A managed instance on the wire (API.md), with where it runs and what it costs; never its token or model key.</summary>
public sealed record InstanceResponse(
    string Id,
    string Name,
    InstanceStatus Status,
    int Port,
    int? Pid,
    string GatewayId,
    string? Version,
    int Restarts,
    string? LastError,
    DateTimeOffset CreatedAt,
    int MaxConcurrentSessions,
    ImmutableDictionary<string, string> Labels,
    string? SwarmId,
    string? Silo,
    long? MemoryBytes,
    double? StartupSeconds,
    string? ModelBaseUrl,
    string? Model)
{
    public static InstanceResponse From(InstanceView i) => new(
        i.Id, i.Name, i.Status, i.Port, i.Pid, i.GatewayId, i.Version, i.Restarts, i.LastError, i.CreatedAt, i.MaxConcurrentSessions,
        i.Labels, i.SwarmId, i.Silo, i.MemoryBytes, i.StartupSeconds, i.ModelBaseUrl, i.Model);
}

/// <summary>The answer of <c>GET /instances/{id}/logs</c>.</summary>
public sealed record InstanceLogsResponse(string InstanceId, ImmutableArray<string> Lines);

/// <summary>Body of <c>POST /instances/{id}/upgrade</c>.</summary>
public sealed record UpgradeInstanceRequest(string? Version) : Validation.IValidatable
{
    public void Validate(Validation.ValidationErrors errors) =>
        errors.Require(Version is { Length: >= 1 and <= 64 } && Version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_'), "version", "Required: 1–64 characters of letters, digits and . - + _.");
}
