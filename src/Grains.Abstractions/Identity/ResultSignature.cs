namespace Claw.Abstractions.Identity;

/// <summary>A node's signature of a result (API.md "Security"): <c>ts</c> in Unix seconds, a nonce, the base64url Ed25519 signature.</summary>
[GenerateSerializer, Immutable, Alias("claw.result-signature")]
public sealed record ResultSignature([property: Id(0)] long Ts, [property: Id(1)] string Nonce, [property: Id(2)] string Sig);
