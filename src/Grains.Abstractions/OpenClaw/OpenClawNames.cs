namespace Claw.Abstractions.OpenClaw;

/// <summary>The names a gateway node and its tasks are known by (API.md "OpenClaw gateways").</summary>
public static class OpenClawNames
{
    /// <summary>The node <c>kind</c> of a gateway.</summary>
    public const string NodeKind = "openclaw";

    /// <summary>The capability every gateway node offers and every <see cref="AgentTaskType"/> task requires.</summary>
    public const string AgentCapability = "openclaw.agent";

    /// <summary>The task type that runs as one agent turn on a gateway.</summary>
    public const string AgentTaskType = "openclaw.agent";

    /// <summary>The key of the one <see cref="IOpenClawDirectoryGrain"/>.</summary>
    public const string DirectoryKey = "openclaw-directory";

    /// <summary>The key of the one <see cref="IOpenClawDeviceGrain"/>.</summary>
    public const string DeviceKey = "openclaw-device";
}
