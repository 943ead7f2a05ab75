namespace Claw.Abstractions.Auth;

/// <summary>A credential that stopped being valid: its kind (<c>api_key</c>, <c>capability_token</c>) and id.</summary>
[GenerateSerializer, Immutable, Alias("claw.revocation")]
public sealed record Revocation([property: Id(0)] string Kind, [property: Id(1)] string Id)
{
    public const string ApiKey = "api_key";

    public const string CapabilityToken = "capability_token";
}
