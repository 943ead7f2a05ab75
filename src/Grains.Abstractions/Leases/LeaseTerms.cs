namespace Claw.Abstractions.Leases;

/// <summary>
/// What the task grain asks a new lease grain to hold. The task picks the times, so the deadline it records is the
/// lease's own without waiting for the lease's answer.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.lease-terms")]
public sealed record LeaseTerms(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string NodeId,
    [property: Id(2)] string Token,
    [property: Id(3)] int Attempt,
    [property: Id(4)] long Fence,
    [property: Id(5)] string Queue,
    [property: Id(6)] int TimeoutSeconds,
    [property: Id(7)] DateTimeOffset IssuedAt)
{
    public DateTimeOffset ExpiresAt => IssuedAt.AddSeconds(TimeoutSeconds);

    public string LeaseId => LeaseIds.For(TaskId, Fence);
}
