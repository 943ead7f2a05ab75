namespace Claw.Abstractions.Nodes;

/// <summary>The registered node, and whether the call replayed an earlier one with the same idempotency key and body.</summary>
[GenerateSerializer, Immutable, Alias("claw.registration-result")]
public sealed record RegistrationResult([property: Id(0)] NodeView Node, [property: Id(1)] bool Replayed);
