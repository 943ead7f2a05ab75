using System.Collections.Immutable;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Sessions;

namespace Claw.Abstractions.Nodes;

/// <summary>
/// A peer node (agent, bot, worker), keyed by its id: registration, liveness, and its slots. Every lease a node gets
/// is taken through this grain, so it never holds more than <c>max_concurrent_tasks</c>.
/// </summary>
[Alias("claw.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the node (offline until its first heartbeat, poll or control-channel connection), or updates the
    /// registration of an existing one, which keeps its liveness.
    /// </summary>
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
    Task<ImmutableArray<Assignment>> PollAsync(PollRequest request, CancellationToken cancellationToken = default);

    /// <summary>Leases one named task to this node now (ClawBot <c>assign</c>).</summary>
    [Alias("assign")]
    Task<Assignment> AssignAsync(string taskId);

    /// <summary>
    /// Manual status (ClawBot): <c>busy</c> takes no work (only an online node: else <c>invalid_state_transition</c>),
    /// <c>available</c> makes the node online and takes work again.
    /// </summary>
    [Alias("set-busy")]
    Task<NodeView> SetBusyAsync(bool busy);

    /// <summary>Moves the node into a swarm (or out of any, with null); its next takes follow the new membership.</summary>
    [Alias("set-swarm")]
    Task<NodeView> SetSwarmAsync(string? swarmId);

    /// <summary>Finishes current leases, takes no new ones.</summary>
    [Alias("drain")]
    Task<NodeView> DrainAsync();

    /// <summary>Removes the node: its leases are revoked and their tasks requeued.</summary>
    [Alias("deregister")]
    Task DeregisterAsync();

    /// <summary>
    /// A task of this node ended its lease (<see cref="LeaseEnd"/>): its slot frees, its session hears of an end that
    /// was not its own doing, and the outcome moves its circuit breakers, all in one notice.
    /// </summary>
    [OneWay, Alias("lease-end")]
    Task LeaseEndedAsync(LeaseEnd end);

    /// <summary>The node's circuit breakers (its own first, then one per task type it has failed); closed ones without recent failures are not listed.</summary>
    [Alias("breakers")]
    Task<ImmutableArray<BreakerView>> GetBreakersAsync();

    /// <summary>
    /// A WebSocket session takes over the node's push channel (a previous one is told it was replaced); from now on
    /// matching work is pushed to it up to the free slots.
    /// </summary>
    [Alias("attach-session")]
    Task<NodeView> AttachSessionAsync(SessionInfo session, INodeSession channel);

    /// <summary>The session closed; its leases run on until they end or the node reconnects.</summary>
    [AlwaysInterleave, Alias("detach-session")]
    Task DetachSessionAsync(string sessionId);

    /// <summary>Traffic or a ping answered on the session: a sign of life. Says whether the session is still the node's.</summary>
    [Alias("session-alive")]
    Task<SessionStanding> SessionAliveAsync(string sessionId);

    /// <summary>The node announces how many more tasks it takes now (<c>ready {slots}</c>).</summary>
    [Alias("ready")]
    Task ReadyAsync(string sessionId, int slots);

    /// <summary>
    /// The node is back after a dropped connection: assignments it has not received (frame ids after
    /// <paramref name="lastReceivedId"/>) are delivered again; leases lost since <paramref name="offlineSince"/> are counted.
    /// </summary>
    [Alias("reconnect")]
    Task<ReconnectSummary> ReconnectAsync(string sessionId, long lastReceivedId, DateTimeOffset? offlineSince);

    /// <summary>Pushes the node's lease of a task to its session again (<c>POST /ws/broadcast/task/{id}</c>); false without a session.</summary>
    [Alias("push-task")]
    Task<bool> PushTaskAsync(string taskId);

    /// <summary>
    /// A queue partition handed this waiting node a new task: holds a slot for it and answers the profile to lease it
    /// on, or null when the node has no free slot or nothing waiting to receive it now.
    /// </summary>
    [AlwaysInterleave, Alias("reserve")]
    Task<NodeProfile?> ReserveAsync(string taskId);

    /// <summary>
    /// The end of a <see cref="ReserveAsync"/>: the task was leased to this node (<paramref name="assignment"/>, delivered
    /// like a taken one) or not (null, the slot is free again).
    /// </summary>
    [OneWay, AlwaysInterleave, Alias("hand-off")]
    Task HandOffAsync(string taskId, Assignment? assignment);

    /// <summary>
    /// One failure report of this node (not an operator's): null when it is within the node's budget (at most
    /// <c>Claw:Nodes:MaxFailureReports</c> per <c>FailureReportWindow</c>, cluster-wide), else how long until one more is
    /// admitted. Interleaves: it only reads and changes the budget in memory, and a task may ask while the node waits on it.
    /// </summary>
    [AlwaysInterleave, Alias("admit-failure")]
    Task<TimeSpan?> AdmitFailureAsync();

    /// <summary>A queue partition has work this node waits for.</summary>
    [OneWay, AlwaysInterleave, Alias("wake")]
    Task WakeAsync();

    /// <summary>Replaces the node's Ed25519 key; only its identity grain calls this, after the old key signed the rotation.</summary>
    [Alias("set-public-key")]
    Task<NodeView> SetPublicKeyAsync(string publicKey);

    /// <summary>
    /// A capability token's grant: one the node <paramref name="presented"/> replaces what it held; a revocation or
    /// rotation of a token applies while the node holds that token. Dispatch takes again with it at once.
    /// </summary>
    [Alias("set-grant")]
    Task<NodeView> SetGrantAsync(Identity.CapabilityGrant grant, bool presented);
}
