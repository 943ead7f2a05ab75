namespace Claw.Client.Tasks;

/// <summary>The body of <c>POST /tasks/batch</c>.</summary>
public sealed record TaskBatch(IReadOnlyList<SubmitTaskRequest> Tasks);
