namespace Claw.Grains.Swarms;

/// <summary>The swarm grain's log messages.</summary>
internal static partial class SwarmLog
{
    [LoggerMessage(EventIds.SwarmCreated, LogLevel.Information, "Swarm {SwarmId} ({Name}) created")]
    public static partial void Created(this ILogger logger, string swarmId, string name);

    [LoggerMessage(EventIds.SwarmStatusChanged, LogLevel.Information, "Swarm {SwarmId} {Status}")]
    public static partial void StatusChanged(this ILogger logger, string swarmId, string status);

    [LoggerMessage(EventIds.SwarmLeaseRefused, LogLevel.Warning, "Task {TaskId} held a slot of swarm {SwarmId}, but the tasks table refused its lease at the limit of the swarm or of a lane of the task (another activation counted apart); it waits parked")]
    public static partial void LeaseRefused(this ILogger logger, string taskId, string swarmId);

    [LoggerMessage(EventIds.SwarmRedrive, LogLevel.Debug, "Swarm {SwarmId} re-drives {Tasks} tasks into dispatch")]
    public static partial void Redrive(this ILogger logger, string swarmId, int tasks);
}
