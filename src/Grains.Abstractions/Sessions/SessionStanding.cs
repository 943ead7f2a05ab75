namespace Claw.Abstractions.Sessions;

/// <summary>Whether the node grain still counts a session as its own.</summary>
[GenerateSerializer]
public enum SessionStanding
{
    /// <summary>The session is the node's current one.</summary>
    Attached,

    /// <summary>The node grain does not know it (it was reactivated elsewhere): attach again.</summary>
    Unknown,

    /// <summary>A newer session replaced it: close.</summary>
    Replaced,
}
