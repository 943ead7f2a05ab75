namespace Claw.Grains.Nodes;

/// <summary>The node grain's log messages (and those of its dispatch and push collaborators).</summary>
internal static partial class NodeLog
{
    [LoggerMessage(EventIds.NodeRegistered, LogLevel.Information, "Node {NodeId} registered (new: {IsNew}) [correlation {CorrelationId}]")]
    public static partial void Registered(this ILogger logger, string nodeId, bool isNew, string? correlationId);

    [LoggerMessage(EventIds.NodeBackOnline, LogLevel.Information, "Node {NodeId} is back online [correlation {CorrelationId}]")]
    public static partial void BackOnline(this ILogger logger, string nodeId, string? correlationId);

    [LoggerMessage(EventIds.NodeCrashed, LogLevel.Warning, "Node {NodeId} declared crashed after {SilenceSeconds:F1} s without a heartbeat; revoking {Leases} leases")]
    public static partial void Crashed(this ILogger logger, string nodeId, double silenceSeconds, int leases);

    [LoggerMessage(EventIds.NodeLeaseFailed, LogLevel.Warning, "Node {NodeId} could not lease task {TaskId}; the task reconciles itself")]
    public static partial void LeaseFailed(this ILogger logger, string nodeId, string taskId, Exception exception);

    [LoggerMessage(EventIds.NodeSessionReplaced, LogLevel.Information, "Node {NodeId}: session {OldSession} replaced by {NewSession}")]
    public static partial void SessionReplaced(this ILogger logger, string nodeId, string oldSession, string newSession);

    [LoggerMessage(EventIds.NodePushFailed, LogLevel.Warning, "Node {NodeId}: the push loop failed; retrying")]
    public static partial void PushFailed(this ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(EventIds.NodeDeliveryFailed, LogLevel.Warning, "Node {NodeId}: task {TaskId} could not be delivered to the session")]
    public static partial void DeliveryFailed(this ILogger logger, string nodeId, string taskId, Exception exception);

    [LoggerMessage(EventIds.NodeOfflineAssignmentDropped, LogLevel.Information, "Node {NodeId}: task {TaskId} waited past the offline queue's bound or age; given back to dispatch")]
    public static partial void OfflineAssignmentDropped(this ILogger logger, string nodeId, string taskId);

    [LoggerMessage(EventIds.NodeLeaseEndUnheard, LogLevel.Warning, "Node {NodeId}: lease {LeaseId} ended without its notice reaching the node (its sender's silo died?); its slot is free again")]
    public static partial void LeaseEndUnheard(this ILogger logger, string nodeId, string leaseId);

    [LoggerMessage(EventIds.NodeLeaseAuditFailed, LogLevel.Warning, "Node {NodeId}: the lease audit could not read the tasks table; it tries again next period")]
    public static partial void LeaseAuditFailed(this ILogger logger, string nodeId, Exception exception);
}
