namespace Claw.Abstractions.Auth;

/// <summary>A key just created: its record, and the full key text <c>claw_{id}_{secret}</c>, shown this once.</summary>
[GenerateSerializer, Immutable, Alias("claw.issued-api-key")]
public sealed record IssuedApiKey([property: Id(0)] ApiKeyView Key, [property: Id(1)] string Secret);
