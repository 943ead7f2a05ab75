using System.Net.Sockets;

namespace Claw.Client.Http;

/// <summary>
/// Turns a <see cref="SocketException"/> that .NET's connection pool lets escape unwrapped (the peer dropped a
/// connection as it opened, and the remote end point was read after the drop) into the
/// <see cref="HttpRequestException"/> every other transport error is: a call that got no answer. Sitting below the
/// retry handler, both the retry rule and every caller see one kind of error.
/// </summary>
internal sealed class SocketErrorHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, ex.Message, ex);
        }
    }
}
