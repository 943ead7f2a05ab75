using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>
/// The statuses a node's own calls set (as in the ClawBot Coordinator: <c>offline → online → busy</c>): a registration
/// leaves a new node offline until it shows a sign of life; <c>busy</c> is taken only by an online node; <c>available</c>
/// makes a node online and ready for work again.
/// </summary>
public static class ManualStatus
{
    /// <summary>
    /// A registration, first or repeated: a new node is offline until its first heartbeat, poll or control-channel
    /// connection; a registered node keeps its liveness (an online or draining one is online again, not busy).
    /// </summary>
    public static void Register(NodeState state, NodeRegistration registration, DateTimeOffset now)
    {
        var live = state.IsRegistered && state.Status != NodeStatus.Offline;
        if (!state.IsRegistered)
        {
            state.CreatedAt = now;
        }

        state.Apply(registration);
        state.ManualBusy = false;
        state.Status = live ? NodeStatus.Online : NodeStatus.Offline;
        if (live)
        {
            state.LastHeartbeatAt = now;
        }
    }

    /// <summary>True when <paramref name="registration"/> repeats the one its idempotency key made; a different body under that key is a conflict.</summary>
    public static bool IsReplay(NodeState state, NodeRegistration registration) =>
        registration.IdempotencyKey is { } key && state.IsRegistered && key == state.IdempotencyKey
        && (registration.IdempotencyFingerprint == state.IdempotencyFingerprint
            ? true
            : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, "This idempotency key was used with a different request body."));

    /// <summary>Marks an online node busy by hand (it takes no work); any other status is a conflict.</summary>
    public static void Busy(NodeState state, string nodeId)
    {
        if (state.Status != NodeStatus.Online)
        {
            throw ClawException.Conflict(
                ErrorCodes.InvalidStateTransition,
                $"Cannot mark node '{nodeId}' busy while it is {state.Status.Wire()}; only an online node can be busy.");
        }

        state.ManualBusy = true;
    }

    /// <summary>Ready for work again: not busy by hand, and a draining node is online again (a sign of life brings an offline one).</summary>
    public static void Available(NodeState state)
    {
        state.ManualBusy = false;
        if (state.Status == NodeStatus.Draining)
        {
            state.Status = NodeStatus.Online;
        }
    }
}
