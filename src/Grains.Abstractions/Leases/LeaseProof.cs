namespace Claw.Abstractions.Leases;

/// <summary>
/// Who presents a result: a lease (id and token), or, for ClawBot-style calls without a token, the node that claims
/// to hold the task. The task grain accepts it only for its current lease.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.lease-proof")]
public sealed record LeaseProof([property: Id(0)] string? LeaseId, [property: Id(1)] string? Token, [property: Id(2)] string? NodeId)
{
    public static readonly LeaseProof None = new(null, null, null);

    /// <summary>A result's signature evidence, judged by the task before it takes the result; none for other reports.</summary>
    [Id(3)]
    public Identity.ResultEvidence? Evidence { get; init; }
}
