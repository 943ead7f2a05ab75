namespace Claw.Grains.OpenClaw;

/// <summary>An agent turn's log lines.</summary>
internal static partial class AgentTurnLog
{
    [LoggerMessage(EventIds.OpenClawTurnLost, LogLevel.Information, "OpenClaw task {TaskId} (lease {LeaseId}) lost: {Reason}")]
    public static partial void TurnLost(this ILogger logger, string taskId, string leaseId, string reason);

    [LoggerMessage(EventIds.OpenClawTurnResultRefused, LogLevel.Information, "OpenClaw task {TaskId}: the lease {LeaseId} ended before its result ({Code})")]
    public static partial void TurnResultRefused(this ILogger logger, string taskId, string leaseId, string code);

    [LoggerMessage(EventIds.OpenClawTurnTurnFailed, LogLevel.Warning, "OpenClaw task {TaskId}: the turn failed; its lease runs out and the task is retried")]
    public static partial void TurnFailed(this ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventIds.OpenClawTurnForwarded, LogLevel.Information, "OpenClaw task {TaskId}: its session {Session} lives on gateway {Owner}; asking it to take the task over")]
    public static partial void TurnForwarded(this ILogger logger, string taskId, string session, string owner);

    [LoggerMessage(EventIds.OpenClawTurnResending, LogLevel.Warning, "OpenClaw task {TaskId}: the connection dropped during run {RunId} ({Reason}); sending it again under the same key once reconnected")]
    public static partial void TurnResending(this ILogger logger, string taskId, string runId, string reason);

    [LoggerMessage(EventIds.OpenClawTurnStillInFlight, LogLevel.Information, "OpenClaw task {TaskId}: run {RunId} still runs on the gateway since its connection dropped; waiting for it")]
    public static partial void TurnStillInFlight(this ILogger logger, string taskId, string runId);

    [LoggerMessage(EventIds.OpenClawTurnTurnRefused, LogLevel.Warning, "OpenClaw task {TaskId}: attempt {Attempt} failed on the gateway: {Error} (retriable: {Retriable})")]
    public static partial void TurnRefused(this ILogger logger, string taskId, int attempt, string error, bool retriable);

    [LoggerMessage(EventIds.OpenClawTurnSending, LogLevel.Debug, "OpenClaw task {TaskId}: agent request {RunId} sent (session {Session})")]
    public static partial void TurnSending(this ILogger logger, string taskId, string runId, string? session);

    [LoggerMessage(EventIds.OpenClawTurnProgressRefused, LogLevel.Debug, "OpenClaw task {TaskId}: a progress or renewal call was refused: {Reason}")]
    public static partial void TurnProgressRefused(this ILogger logger, string taskId, string reason);
}
