using Claw.Client.Tasks;

namespace Claw.Client.Workflows;

/// <summary><c>GET /workflows/{id}/tasks</c>: the workflow and its tasks in step order.</summary>
public sealed record WorkflowTasks(ClawWorkflow Workflow, IReadOnlyList<ClawTask> Tasks);
