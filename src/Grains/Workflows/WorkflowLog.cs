namespace Claw.Grains.Workflows;

/// <summary>The workflow grain's log messages.</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(EventIds.WorkflowCreated, LogLevel.Information, "Workflow {WorkflowId} created with {Steps} steps [correlation {CorrelationId}]")]
    public static partial void Created(this ILogger logger, string workflowId, int steps, string correlationId);

    [LoggerMessage(EventIds.WorkflowEnded, LogLevel.Information, "Workflow {WorkflowId} ended {Status} [correlation {CorrelationId}]")]
    public static partial void Ended(this ILogger logger, string workflowId, string status, string correlationId);

    [LoggerMessage(EventIds.WorkflowStepsRecovered, LogLevel.Warning, "Workflow {WorkflowId}: {Steps} step ends recovered by the re-drive (their notices were lost)")]
    public static partial void StepsRecovered(this ILogger logger, string workflowId, int steps);
}
