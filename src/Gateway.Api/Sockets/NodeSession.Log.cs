namespace Claw.Gateway.Sockets;

/// <summary>The session's log lines (event ids 810–814).</summary>
internal sealed partial class NodeSession
{
    [LoggerMessage(EventIds.SessionConnected, LogLevel.Information, "Node {NodeId} connected (session {SessionId})")]
    private static partial void LogConnected(ILogger logger, string nodeId, string sessionId);

    [LoggerMessage(EventIds.SessionDisconnected, LogLevel.Information, "Node {NodeId} disconnected (session {SessionId}): {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string nodeId, string sessionId, string reason);

    [LoggerMessage(EventIds.SessionKeepAliveFailed, LogLevel.Warning, "Node {NodeId}: the session could not reach its node grain")]
    private static partial void LogKeepAliveFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(EventIds.SessionClosedByServer, LogLevel.Warning, "Node {NodeId}: session {SessionId} closed by the server ({Reason})")]
    private static partial void LogRefused(ILogger logger, string nodeId, string sessionId, string reason);

    [LoggerMessage(EventIds.SessionFrameFailed, LogLevel.Error, "Node {NodeId}: session {SessionId} could not handle a {FrameType} frame; the session goes on")]
    private static partial void LogFrameFailed(ILogger logger, string nodeId, string sessionId, string frameType, Exception exception);
}
