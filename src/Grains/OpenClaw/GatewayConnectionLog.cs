namespace Claw.Grains.OpenClaw;

/// <summary>A gateway connection's log lines (the connect loop, its node session, aborts).</summary>
internal static partial class GatewayConnectionLog
{
    [LoggerMessage(EventIds.OpenClawConnectionConnected, LogLevel.Information, "OpenClaw gateway {GatewayId} connected to {Url} (server {ServerVersion})")]
    public static partial void Connected(this ILogger logger, string gatewayId, Uri url, string? serverVersion);

    [LoggerMessage(EventIds.OpenClawConnectionConnectFailed, LogLevel.Warning, "OpenClaw gateway {GatewayId}: connecting to {Url} failed ({Failures} in a row); next attempt in {DelaySeconds:F1} s: {Reason}")]
    public static partial void ConnectFailed(this ILogger logger, string gatewayId, Uri url, int failures, double delaySeconds, string reason);

    [LoggerMessage(EventIds.OpenClawConnectionRefused, LogLevel.Warning, "OpenClaw gateway {GatewayId} refused the connection for good ({Code}): {Reason}; no retry until it is registered again")]
    public static partial void Refused(this ILogger logger, string gatewayId, string code, string reason);

    [LoggerMessage(EventIds.OpenClawConnectionDisconnected, LogLevel.Warning, "OpenClaw gateway {GatewayId} disconnected: {Reason}; reconnecting")]
    public static partial void Disconnected(this ILogger logger, string gatewayId, string? reason);

    [LoggerMessage(EventIds.OpenClawConnectionShutdown, LogLevel.Information, "OpenClaw gateway {GatewayId} is shutting down: {Reason}")]
    public static partial void Shutdown(this ILogger logger, string gatewayId, string? reason);

    [LoggerMessage(EventIds.OpenClawConnectionNodeUnreachable, LogLevel.Warning, "OpenClaw gateway {GatewayId}: its node or grain did not answer")]
    public static partial void NodeUnreachable(this ILogger logger, string gatewayId, Exception exception);

    [LoggerMessage(EventIds.OpenClawConnectionAborted, LogLevel.Information, "OpenClaw gateway {GatewayId}: run {RunId} aborted ({Status})")]
    public static partial void Aborted(this ILogger logger, string gatewayId, string runId, string? status);

    [LoggerMessage(EventIds.OpenClawConnectionAbortFailed, LogLevel.Warning, "OpenClaw gateway {GatewayId}: aborting run {RunId} failed: {Reason}")]
    public static partial void AbortFailed(this ILogger logger, string gatewayId, string runId, string reason);
}
