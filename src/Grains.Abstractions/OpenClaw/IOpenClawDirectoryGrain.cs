using System.Collections.Immutable;

namespace Claw.Abstractions.OpenClaw;

/// <summary>
/// The list of registered gateways and managed instances (ids only; each grain holds its record). Touched when one is
/// created or removed, never per task. It is also the status source for monitoring.
/// </summary>
[Alias("claw.IOpenClawDirectoryGrain")]
public interface IOpenClawDirectoryGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task AddAsync(OpenClawEntry entry);

    [Alias("remove")]
    Task RemoveAsync(OpenClawEntry entry);

    [Alias("list")]
    Task<ImmutableArray<OpenClawEntry>> ListAsync();

    /// <summary>
    /// Every gateway and instance with its state and figures, and the WireGuard pool's (<c>GET /openclaw/status</c>;
    /// the subsystem figures <c>/swarm/monitoring/status</c> reports for gateways, instances and the IP pool).
    /// </summary>
    [Alias("status")]
    Task<OpenClawStatus> StatusAsync();
}

/// <summary>A gateway or an instance, by id.</summary>
[GenerateSerializer, Immutable, Alias("claw.openclaw.entry")]
public sealed record OpenClawEntry([property: Id(0)] OpenClawEntryKind Kind, [property: Id(1)] string Id);

[GenerateSerializer]
public enum OpenClawEntryKind
{
    Gateway = 0,
    Instance = 1,
}
