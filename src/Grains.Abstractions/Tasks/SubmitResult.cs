namespace Claw.Abstractions.Tasks;

/// <summary>The task a submit produced, and whether it already existed under the same idempotency key and body.</summary>
[GenerateSerializer, Immutable, Alias("claw.submit-result")]
public sealed record SubmitResult([property: Id(0)] TaskView Task, [property: Id(1)] bool Replayed);
