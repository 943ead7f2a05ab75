namespace Claw.Grains.OpenClaw.Protocol;

/// <summary>The text a <c>connect</c> request signs (the v3 device proof of gateway-facts §3), field by field.</summary>
public sealed record ConnectProof(
    string DeviceId,
    string ClientId,
    string ClientMode,
    string Role,
    IReadOnlyList<string> Scopes,
    long SignedAt,
    string Token,
    string Nonce,
    string Platform,
    string? DeviceFamily)
{
    public string Payload() => string.Join('|',
        "v3",
        DeviceId,
        ClientId,
        ClientMode,
        Role,
        string.Join(',', Scopes),
        SignedAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Token,
        Nonce,
        Platform.ToLowerInvariant(),
        DeviceFamily?.ToLowerInvariant() ?? "");
}
