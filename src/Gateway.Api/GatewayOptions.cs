namespace Claw.Gateway;

/// <summary>Configuration section <c>Claw:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted; larger ones answer 413 <c>payload_too_large</c>.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
