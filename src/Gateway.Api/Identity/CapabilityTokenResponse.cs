using Claw.Abstractions.Identity;

namespace Claw.Gateway.Identity;

/// <summary>An issued capability token: <c>{jti, token, expires_at, parent_jti?}</c>.</summary>
public sealed record CapabilityTokenResponse(string Jti, string Token, DateTimeOffset ExpiresAt, string? ParentJti)
{
    public static CapabilityTokenResponse From(IssuedCapabilityToken issued) => new(issued.Jti, issued.Token, issued.ExpiresAt, issued.ParentJti);
}
