namespace Claw.Abstractions.Identity;

/// <summary>A capability token as issued: its id, the compact JWT (shown to the issuer), its expiry and the token it replaced.</summary>
[GenerateSerializer, Immutable, Alias("claw.issued-capability-token")]
public sealed record IssuedCapabilityToken(
    [property: Id(0)] string Jti,
    [property: Id(1)] string Token,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] string? ParentJti);
