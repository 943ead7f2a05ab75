namespace Claw.Grains.OpenClaw.Protocol;

/// <summary>Where a gateway listens and the shared token it wants; the token never appears in <see cref="ToString"/>.</summary>
public sealed record GatewayEndpoint(Uri Url, string Token)
{
    public override string ToString() => Url.ToString();
}
