namespace Claw.Abstractions.Identity;

/// <summary>
/// What a result brings to prove its node sent it: the signed member (<c>result</c> or <c>error</c>) as the node sent
/// it, its signature if one came, and whether an unsigned result of a node with a key is refused for this caller. The
/// task grain judges it against its own lease and attempt (<see cref="ResultClaim"/>) before it takes the result.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.result-evidence")]
public sealed record ResultEvidence(
    [property: Id(0)] string Member,
    [property: Id(1)] string? ValueJson,
    [property: Id(2)] ResultSignature? Signature,
    [property: Id(3)] bool SignatureRequired);
