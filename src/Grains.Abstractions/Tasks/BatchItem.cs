namespace Claw.Abstractions.Tasks;

/// <summary>One task of a batch submit: the id it takes (from its idempotency key, or a new one) and its submission.</summary>
[GenerateSerializer, Immutable, Alias("claw.batch-item")]
public sealed record BatchItem([property: Id(0)] string TaskId, [property: Id(1)] TaskSubmission Submission);
