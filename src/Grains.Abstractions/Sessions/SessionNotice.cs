namespace Claw.Abstractions.Sessions;

/// <summary>A frame the node grain asks the session to send about one task.</summary>
[GenerateSerializer, Immutable, Alias("claw.session-notice")]
public sealed record SessionNotice(
    [property: Id(0)] string Type,
    [property: Id(1)] string TaskId,
    [property: Id(2)] string? LeaseId,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string? CorrelationId)
{
    public const string LeaseRevoked = "lease_revoked";
    public const string TaskCancelled = "task_cancelled";
}
