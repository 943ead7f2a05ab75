using System.Collections.Concurrent;
using System.Net;

namespace Claw.Tests.Clients;

/// <summary>The real socket handler, counting the answers by status (to see what the client's retry met on the wire).</summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentDictionary<HttpStatusCode, int> _statuses = new();

    public int Count(HttpStatusCode status) => _statuses.GetValueOrDefault(status);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        _statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
        return response;
    }
}
