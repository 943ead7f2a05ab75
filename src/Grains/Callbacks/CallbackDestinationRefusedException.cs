using System.Net;

namespace Claw.Grains.Callbacks;

/// <summary>A callback's host resolved to an address <see cref="CallbackAddressRule"/> refuses; nothing was sent.</summary>
public sealed class CallbackDestinationRefusedException(string host, IPAddress address, string why)
    : Exception($"destination refused: {host} resolves to {address}, which is {why}; callbacks go to public addresses only unless Claw:Callbacks:AllowPrivateAddresses is true")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;
}
