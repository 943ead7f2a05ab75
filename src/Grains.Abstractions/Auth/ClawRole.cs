namespace Claw.Abstractions.Auth;

/// <summary>
/// What a caller may do (API.md "Security"), lowest first: each role may do what the roles below it may. An
/// <see cref="Agent"/> acts for its own node only; the other roles are not tied to a node.
/// </summary>
public enum ClawRole
{
    /// <summary>GET only.</summary>
    Reader = 0,

    /// <summary>Its own node: register, heartbeat, poll, its leases, progress, complete, fail; and reads.</summary>
    Agent = 1,

    /// <summary>Submit, cancel, approve, manage nodes, swarms, workflows and schedules; read all.</summary>
    Operator = 2,

    /// <summary>Everything, keys and the audit log included.</summary>
    Admin = 3,
}
