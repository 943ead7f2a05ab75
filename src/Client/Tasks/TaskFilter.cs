namespace Claw.Client.Tasks;

/// <summary>The filters of <c>GET /tasks</c>; unset ones do not filter.</summary>
public sealed record TaskFilter(
    string? Status = null, string? Queue = null, string? NodeId = null, string? WorkflowId = null, string? SwarmId = null, string? Priority = null);
