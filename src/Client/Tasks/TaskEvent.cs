namespace Claw.Client.Tasks;

/// <summary>One entry of a task's timeline (<c>GET /tasks/{id}/timeline</c>), oldest first.</summary>
public sealed record TaskEvent(
    string Type, DateTimeOffset At, int Attempt, string? NodeId, string? LeaseId, string? CorrelationId, string? Detail, string? Category, string? ErrorCode, string? By);
