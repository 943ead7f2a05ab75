namespace Claw.Client.Tasks;

/// <summary>The answer of <c>POST /tasks/batch</c>: the tasks in the order they were sent.</summary>
public sealed record TaskBatchResult(IReadOnlyList<ClawTask> Items);
