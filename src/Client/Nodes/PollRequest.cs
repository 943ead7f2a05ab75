namespace Claw.Client.Nodes;

/// <summary>The body of <c>POST /nodes/{id}/poll</c>: which queues, how many tasks, how long to wait for one.</summary>
public sealed record PollRequest(IReadOnlyList<string>? Queues = null, int? MaxTasks = null, int? WaitSeconds = null);
