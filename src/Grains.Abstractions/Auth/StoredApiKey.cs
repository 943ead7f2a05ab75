namespace Claw.Abstractions.Auth;

/// <summary>A key as a gateway checks a presented one against it: the record and the SHA-256 of its secret.</summary>
[GenerateSerializer, Immutable, Alias("claw.stored-api-key")]
public sealed record StoredApiKey([property: Id(0)] ApiKeyView Key, [property: Id(1)] string SecretHash);
