namespace Claw.Grains.OpenClaw;

/// <summary>The gateway grain's log lines.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventIds.OpenClawGatewayRegistered, LogLevel.Information, "OpenClaw gateway {GatewayId} registered at {Url} (new: {IsNew})")]
    public static partial void GatewayRegistered(this ILogger logger, string gatewayId, string url, bool isNew);

    [LoggerMessage(EventIds.OpenClawGatewayDeleted, LogLevel.Information, "OpenClaw gateway {GatewayId} deleted")]
    public static partial void GatewayDeleted(this ILogger logger, string gatewayId);

    [LoggerMessage(EventIds.OpenClawGatewayAdopted, LogLevel.Information, "OpenClaw gateway {GatewayId} took over task {TaskId} of one of its sessions")]
    public static partial void GatewayAdopted(this ILogger logger, string gatewayId, string taskId);

    [LoggerMessage(EventIds.OpenClawGatewayNotAdopted, LogLevel.Information, "OpenClaw gateway {GatewayId} did not take over task {TaskId} ({Code})")]
    public static partial void GatewayNotAdopted(this ILogger logger, string gatewayId, string taskId, string code);
}
