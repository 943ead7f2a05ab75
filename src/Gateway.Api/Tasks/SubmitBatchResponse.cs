namespace Claw.Gateway.Tasks;

/// <summary>The answer of <c>POST /tasks/batch</c>: the tasks in the order they were sent (a replayed one as stored).</summary>
public sealed record SubmitBatchResponse(List<TaskResponse> Items);
