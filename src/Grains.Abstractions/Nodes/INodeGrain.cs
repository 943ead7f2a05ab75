using System.Collections.Immutable;
using Claw.Abstractions.Leases;

namespace Claw.Abstractions.Nodes;

/// <summary>
/// A peer node (agent, bot, worker), keyed by its id: registration, liveness, and its slots. Every lease a node gets
/// is taken through this grain, so it never holds more than <c>max_concurrent_tasks</c>.
/// </summary>
[Alias("claw.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>Registers the node, or updates the registration of an existing one, and marks it online.</summary>
    [Alias("register")]
    Task<RegistrationResult> RegisterAsync(NodeRegistration registration);

    /// <summary>The node, or <see langword="null"/> when no node with this id is registered.</summary>
    [Alias("get")]
    Task<NodeView?> GetAsync();

    /// <summary>Records a sign of life; an offline node comes back online. Throws <c>not_found</c> for unknown nodes.</summary>
    [Alias("heartbeat")]
    Task<NodeView> HeartbeatAsync();

    /// <summary>Pull dispatch: leases up to the free slots of due, matching tasks, waiting up to the request's wait for work.</summary>
    [AlwaysInterleave, Alias("poll")]
    Task<ImmutableArray<Assignment>> PollAsync(PollRequest request);

    /// <summary>Leases one named task to this node now (ClawBot <c>assign</c>).</summary>
    [Alias("assign")]
    Task<Assignment> AssignAsync(string taskId);

    /// <summary>Manual status (ClawBot): <c>busy</c> takes no work, <c>available</c> takes it again.</summary>
    [Alias("set-busy")]
    Task<NodeView> SetBusyAsync(bool busy);

    /// <summary>Finishes current leases, takes no new ones.</summary>
    [Alias("drain")]
    Task<NodeView> DrainAsync();

    /// <summary>Removes the node: its leases are revoked and their tasks requeued.</summary>
    [Alias("deregister")]
    Task DeregisterAsync();

    /// <summary>A task of this node ended its lease; <paramref name="completed"/> is null when it was given back.</summary>
    [OneWay, Alias("lease-ended")]
    Task LeaseEndedAsync(string leaseId, bool? completed);

    /// <summary>A queue partition has work this node waits for.</summary>
    [OneWay, AlwaysInterleave, Alias("wake")]
    Task WakeAsync();
}
