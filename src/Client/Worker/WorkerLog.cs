using Microsoft.Extensions.Logging;

namespace Claw.Client.Worker;

/// <summary>The worker's log lines (ids 1400–1449); no credential, token or payload is ever written.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(ClientEventIds.WorkerRegistered, LogLevel.Information, "Worker registered as node {NodeId}")]
    public static partial void Registered(ILogger logger, string nodeId);

    [LoggerMessage(ClientEventIds.WorkerConnected, LogLevel.Information, "Node {NodeId} connected its control channel (session {SessionId})")]
    public static partial void Connected(ILogger logger, string nodeId, string? sessionId);

    [LoggerMessage(ClientEventIds.WorkerDisconnected, LogLevel.Warning, "Node {NodeId} lost its control channel; reconnecting")]
    public static partial void Disconnected(ILogger logger, string nodeId, Exception? exception);

    [LoggerMessage(ClientEventIds.WorkerConnectFailed, LogLevel.Warning, "Node {NodeId} could not connect; next try in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string nodeId, TimeSpan delay, Exception exception);

    [LoggerMessage(ClientEventIds.WorkerReconnected, LogLevel.Information, "Node {NodeId} reconnected after frame {LastReceivedId}: {Queued} assignment(s) delivered again")]
    public static partial void Reconnected(ILogger logger, string nodeId, long lastReceivedId, int? queued);

    [LoggerMessage(ClientEventIds.JobStarted, LogLevel.Information, "Task {TaskId} started (lease {LeaseId}, attempt {Attempt})")]
    public static partial void JobStarted(ILogger logger, string taskId, string leaseId, int attempt);

    [LoggerMessage(ClientEventIds.JobCompleted, LogLevel.Information, "Task {TaskId} completed (lease {LeaseId})")]
    public static partial void JobCompleted(ILogger logger, string taskId, string leaseId);

    [LoggerMessage(ClientEventIds.JobFailed, LogLevel.Warning, "Task {TaskId} failed (lease {LeaseId}, retriable {Retriable})")]
    public static partial void JobFailed(ILogger logger, string taskId, string leaseId, bool retriable, Exception exception);

    [LoggerMessage(ClientEventIds.JobRevoked, LogLevel.Information, "Task {TaskId} stopped: lease {LeaseId} ended ({Reason})")]
    public static partial void JobRevoked(ILogger logger, string taskId, string leaseId, string reason);

    [LoggerMessage(ClientEventIds.JobReportRefused, LogLevel.Warning, "The server refused the report of task {TaskId} ({Code}: {Detail})")]
    public static partial void ReportRefused(ILogger logger, string taskId, string? code, string? detail);

    [LoggerMessage(ClientEventIds.JobReportFailed, LogLevel.Error, "The report of task {TaskId} did not reach the server; its lease will expire and it runs again")]
    public static partial void ReportFailed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(ClientEventIds.JobDuplicateIgnored, LogLevel.Debug, "Lease {LeaseId} delivered again; it runs once")]
    public static partial void DuplicateIgnored(ILogger logger, string leaseId);

    [LoggerMessage(ClientEventIds.LeaseRenewFailed, LogLevel.Warning, "Lease {LeaseId} could not be renewed this time")]
    public static partial void RenewFailed(ILogger logger, string leaseId, Exception exception);

    [LoggerMessage(ClientEventIds.JobReleased, LogLevel.Information, "Task {TaskId} given back (worker stopping)")]
    public static partial void Released(ILogger logger, string taskId);

    [LoggerMessage(ClientEventIds.FrameUnreadable, LogLevel.Warning, "A frame from the server could not be read; skipped")]
    public static partial void FrameUnreadable(ILogger logger);

    [LoggerMessage(ClientEventIds.ResultRejected, LogLevel.Warning, "The server rejected a result for task {TaskId} ({Code})")]
    public static partial void ResultRejected(ILogger logger, string? taskId, string? code);
}
