using System.Collections.Immutable;

namespace Claw.Abstractions.Auth;

/// <summary>
/// Who a request (or a WebSocket session) acts as, once authenticated: the gateway puts it into Orleans'
/// <c>RequestContext</c> (<see cref="PrincipalContext"/>) beside the correlation id, so grains that judge ownership (the
/// task's fence) read the same caller for HTTP and WebSocket alike.
/// </summary>
/// <param name="Id">Stable and printable: <c>anonymous</c>, <c>key:{id}</c>, <c>jwt:{sub}</c>.</param>
/// <param name="SwarmIds">The swarms the caller is limited to; empty means every swarm.</param>
/// <param name="Queues">The queues the caller is limited to; empty means every queue.</param>
/// <param name="NodeId">The node an <see cref="ClawRole.Agent"/> credential is bound to (a node key).</param>
/// <param name="Kind">How it was authenticated: <c>anonymous</c>, <c>api_key</c>, <c>jwt</c>.</param>
[GenerateSerializer, Immutable, Alias("claw.principal")]
public sealed record Principal(
    [property: Id(0)] string Id,
    [property: Id(1)] ClawRole Role,
    [property: Id(2)] ImmutableArray<string> SwarmIds,
    [property: Id(3)] ImmutableArray<string> Queues,
    [property: Id(4)] string? NodeId,
    [property: Id(5)] string Kind)
{
    public const string AnonymousId = "anonymous";

    /// <summary>Everyone, in auth mode <c>none</c> (loopback only): a local admin, recorded as <c>anonymous</c>.</summary>
    public static readonly Principal Anonymous = new(AnonymousId, ClawRole.Admin, [], [], null, AnonymousId);

    public bool IsAtLeast(ClawRole role) => Role >= role;

    /// <summary>An operator or admin: may act on any node's behalf and report on any task without lease proof.</summary>
    public bool IsOperator => Role >= ClawRole.Operator;

    /// <summary>True when the caller may act as node <paramref name="nodeId"/>: an operator, or an agent bound to it.</summary>
    public bool ActsFor(string? nodeId) => IsOperator || (nodeId is not null && NodeId == nodeId);

    /// <summary>True when a queue is inside the caller's queue scope (an unscoped caller reaches every queue).</summary>
    public bool Reaches(string queue) => Queues.IsDefaultOrEmpty || Queues.Contains(queue, StringComparer.Ordinal);

    /// <summary>The first of <paramref name="queues"/> outside the caller's queue scope, or null when it reaches them all.</summary>
    public string? FirstUnreached(IEnumerable<string> queues) => queues.FirstOrDefault(q => !Reaches(q));

    /// <summary>True when a swarm (null: none) is inside the caller's swarm scope; a swarm-scoped caller reaches only its swarms.</summary>
    public bool ReachesSwarm(string? swarmId) =>
        SwarmIds.IsDefaultOrEmpty || (swarmId is not null && SwarmIds.Contains(swarmId, StringComparer.Ordinal));

    /// <summary>True when the caller is limited to some swarms or queues.</summary>
    public bool IsScoped => !SwarmIds.IsDefaultOrEmpty || !Queues.IsDefaultOrEmpty;
}
