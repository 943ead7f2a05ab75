namespace Claw.Grains.Tasks;

/// <summary>What <see cref="LeaseFence.Judge"/> says of a lease proof.</summary>
public enum FenceVerdict
{
    /// <summary>The proof speaks for the current, live lease.</summary>
    Holder,

    /// <summary>An older lease of the task: a newer attempt owns it now (<c>stale_lease</c>).</summary>
    Stale,

    /// <summary>The last holder, whose lease ran out (<c>lease_expired</c>).</summary>
    Expired,

    /// <summary>The last holder, whose lease was revoked: cancel, reassign, crash (<c>lease_revoked</c>).</summary>
    Revoked,

    /// <summary>No lease is out, and the sender was not the last holder of an ended one (<c>invalid_transition</c>).</summary>
    NotLeased,

    /// <summary>A lease is out, but the proof names another lease, token or node (<c>lease_not_owner</c>).</summary>
    NotOwner,
}
