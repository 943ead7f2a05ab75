using System.Net;

namespace Claw.Tests.Cluster.History;

/// <summary>
/// Sends requests as an agent that knows every silo's address would: it sticks to one silo, moves to the next when
/// that one refuses connections or does not answer, and retries a 503 (a silo being declared dead, as documented)
/// a few times before it moves too. Every answer of 500 or above other than 503 goes into the ledger.
/// </summary>
public sealed class FleetClient(SiloFleet fleet, RunLedger ledger, int firstSilo)
{
    private const int UnavailableBeforeMove = 3;

    private int _silo = firstSilo % fleet.Count;

    /// <summary>The first answer that is not a 503 or a transport failure; a request is sent again until then.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(string what, Func<HttpClient, Task<HttpResponseMessage>> send, CancellationToken stop)
    {
        var unavailable = 0;
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var silo = _silo;
            try
            {
                using var response = await send(fleet.Client(silo)).WaitAsync(stop);
                var body = await response.Content.ReadAsStringAsync(stop);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref ledger.Unavailable);
                    if (++unavailable % UnavailableBeforeMove == 0)
                    {
                        Move(silo);
                    }

                    await Task.Delay(200, stop);
                    continue;
                }

                if ((int)response.StatusCode >= 500)
                {
                    ledger.ServerError(what, response.StatusCode, body);
                    await Task.Delay(200, stop);
                    continue; // the outcome is unknown: asked again, as an agent would
                }

                return (response.StatusCode, body);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException)
            {
                // Refused (the silo is down) or no answer in time (it waits on a dead silo): another silo is asked.
                Interlocked.Increment(ref ledger.TransportErrors);
                Move(silo);
                await Task.Delay(100, stop);
            }
        }
    }

    private void Move(int from)
    {
        if (Interlocked.CompareExchange(ref _silo, (from + 1) % fleet.Count, from) == from)
        {
            Interlocked.Increment(ref ledger.Moves);
        }
    }
}
