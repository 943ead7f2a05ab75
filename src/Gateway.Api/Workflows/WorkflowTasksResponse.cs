using Claw.Gateway.Tasks;

namespace Claw.Gateway.Workflows;

/// <summary><c>GET /workflows/{id}/tasks</c>, as the ClawBot Coordinator answers it.</summary>
public sealed record WorkflowTasksResponse(WorkflowResponse Workflow, List<TaskResponse> Tasks);
