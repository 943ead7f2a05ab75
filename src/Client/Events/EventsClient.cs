using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Claw.Client.Http;

namespace Claw.Client.Events;

/// <summary>
/// <c>GET /api/v1/events</c>, the Server-Sent Events stream of state changes. A dropped stream is opened again with
/// <c>Last-Event-ID</c> set to the last event read, so the caller sees every event once, in order, across drops.
/// </summary>
public sealed class EventsClient
{
    private static readonly TimeSpan DefaultReconnect = TimeSpan.FromSeconds(1);

    private readonly ClawHttp _http;

    internal EventsClient(ClawHttp http) => _http = http;

    /// <summary>
    /// Events after <paramref name="lastEventId"/> (or from now, or from <see cref="EventFilter.Since"/>) until the caller
    /// stops reading; with <see cref="EventFilter.Until"/>, until the stream has passed it.
    /// </summary>
    public async IAsyncEnumerable<ClawEvent> StreamAsync(EventFilter? filter = null, long? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        filter ??= new EventFilter();
        var last = lastEventId;
        while (true)
        {
            var reconnect = DefaultReconnect;
            using (var request = _http.Request(HttpMethod.Get, filter.ToQuery().Append("events"), body: null, idempotencyKey: null, repeatable: true))
            {
                request.Headers.Accept.Clear();
                request.Headers.Accept.ParseAdd("text/event-stream");
                if (last is { } id)
                {
                    request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
                }

                HttpResponseMessage? response = null;
                IAsyncEnumerator<SseItem<string>>? items = null;
                try
                {
                    response = await Open(request, cancellationToken);
                    if (response is not null)
                    {
                        var parser = SseParser.Create(await response.Content.ReadAsStreamAsync(cancellationToken));
                        items = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                        while (await Next(items, cancellationToken))
                        {
                            reconnect = parser.ReconnectionInterval > TimeSpan.Zero ? parser.ReconnectionInterval : DefaultReconnect;
                            var item = items.Current;
                            if (JsonSerializer.Deserialize<ClawEvent>(item.Data, ClawJson.Options) is not { } change)
                            {
                                continue;
                            }

                            last = change.Id;
                            yield return change;
                        }
                    }
                }
                finally
                {
                    if (items is not null)
                    {
                        await items.DisposeAsync();
                    }

                    response?.Dispose();
                }
            }

            if (filter.Until is { } until && DateTimeOffset.UtcNow >= until)
            {
                yield break; // the window it asked for is over, and the server said so by ending the stream
            }

            await Task.Delay(reconnect, cancellationToken);
        }
    }

    /// <summary>The stream's response, or null when the connection failed (it is opened again after the wait).</summary>
    private async Task<HttpResponseMessage?> Open(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The next event; false when the stream ended or broke (a drop is not an error: the stream resumes).</summary>
    private static async Task<bool> Next(IAsyncEnumerator<SseItem<string>> items, CancellationToken cancellationToken)
    {
        try
        {
            return await items.MoveNextAsync();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
