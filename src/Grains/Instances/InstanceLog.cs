namespace Claw.Grains.Instances;

/// <summary>The managed instances' log lines.</summary>
internal static partial class InstanceLog
{
    [LoggerMessage(EventIds.InstanceCreated, LogLevel.Information, "Instance {InstanceId} created on port {Port}")]
    public static partial void InstanceCreated(this ILogger logger, string instanceId, int port);

    [LoggerMessage(EventIds.InstanceRestarting, LogLevel.Warning, "Instance {InstanceId}: {Reason}; starting it again in {DelaySeconds:F1} s")]
    public static partial void InstanceRestarting(this ILogger logger, string instanceId, string reason, double delaySeconds);

    [LoggerMessage(EventIds.InstanceGaveUp, LogLevel.Error, "Instance {InstanceId} is in error after {FailedStarts} failed starts: {Reason}")]
    public static partial void InstanceGaveUp(this ILogger logger, string instanceId, int failedStarts, string reason);

    [LoggerMessage(EventIds.InstanceDestroyed, LogLevel.Information, "Instance {InstanceId} destroyed")]
    public static partial void InstanceDestroyed(this ILogger logger, string instanceId);
}
