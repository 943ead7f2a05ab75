namespace Claw.Grains.Swarms;

/// <summary>The swarm grain's log messages.</summary>
internal static partial class SwarmLog
{
    [LoggerMessage(EventIds.SwarmCreated, LogLevel.Information, "Swarm {SwarmId} ({Name}) created")]
    public static partial void Created(this ILogger logger, string swarmId, string name);

    [LoggerMessage(EventIds.SwarmStatusChanged, LogLevel.Information, "Swarm {SwarmId} {Status}")]
    public static partial void StatusChanged(this ILogger logger, string swarmId, string status);

    [LoggerMessage(EventIds.SwarmRedrive, LogLevel.Debug, "Swarm {SwarmId} re-drives {Tasks} tasks into dispatch")]
    public static partial void Redrive(this ILogger logger, string swarmId, int tasks);
}
