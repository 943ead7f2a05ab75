using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Claw.Grains.Callbacks;

/// <summary>
/// How the callback client opens connections: it resolves the host itself, refuses the destination when any address
/// it resolves to is not public (<see cref="CallbackAddressRule"/>), and connects only to the addresses it checked, so
/// a name that resolves differently on a second lookup (DNS rebinding) cannot slip past the check.
/// </summary>
public sealed class CallbackConnector(bool allowPrivateAddresses)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!allowPrivateAddresses)
        {
            foreach (var address in addresses)
            {
                if (CallbackAddressRule.Refusal(address) is { } why)
                {
                    throw new CallbackDestinationRefusedException(host, address, why);
                }
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
