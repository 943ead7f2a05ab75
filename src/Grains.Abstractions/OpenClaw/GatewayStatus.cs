namespace Claw.Abstractions.OpenClaw;

/// <summary>A gateway's connection as API.md names it.</summary>
[GenerateSerializer]
public enum GatewayStatus
{
    /// <summary>Opening the socket or waiting for <c>hello-ok</c> (also between reconnect attempts).</summary>
    Connecting = 0,

    /// <summary>Connected: it takes agent turns.</summary>
    Online = 1,

    /// <summary>Connected, but its last turns failed or a request was refused as unavailable.</summary>
    Degraded = 2,

    /// <summary>Not connected and not trying (paused, its instance stopped, or its silo stopped reporting).</summary>
    Offline = 3,

    /// <summary>The gateway refused the connection for good (close 1008: wrong token, bad parameters); no retry until it is registered again.</summary>
    Error = 4,
}
