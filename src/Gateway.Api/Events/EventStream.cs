using System.Text;
using System.Text.Json;
using Claw.Abstractions.Events;

namespace Claw.Gateway.Events;

/// <summary>
/// One <c>GET /events</c> response: Server-Sent Events read from the events table after a cursor (the client's
/// <c>Last-Event-ID</c>, the first event at <c>since</c>, or the head), first what is stored, then each slice the feed
/// settles. Replay and live tail are one loop over one cursor, so nothing between them is lost or sent twice.
/// </summary>
internal sealed class EventStream(HttpResponse response, IEventLogGrain log, EventFeed feed, EventFilter filter, JsonSerializerOptions json, TimeProvider time)
{
    /// <summary>Events read per round trip while catching up.</summary>
    public const int ReadBatch = 500;

    /// <summary>How long a client waits before it reconnects after a dropped stream (the SSE <c>retry</c> field).</summary>
    private const int ReconnectMilliseconds = 2000;

    public async Task RunAsync(long cursor, TimeSpan heartbeat, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // proxies must not hold events back
        await WriteAsync($"retry: {ReconnectMilliseconds}\n\n", cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var head = feed.Settled;
            while (cursor < head)
            {
                var batch = await log.ReadAsync(filter, cursor, head, ReadBatch);
                foreach (var change in batch)
                {
                    await WriteEventAsync(change, cancellationToken);
                }

                cursor = batch.Length == ReadBatch ? batch[^1].Seq : head;
                await response.Body.FlushAsync(cancellationToken);
            }

            if (filter.Until is { } until && time.GetUtcNow() >= until)
            {
                return; // caught up past the end of the window it asked for
            }

            if (!await feed.WaitBeyondAsync(cursor, heartbeat, cancellationToken))
            {
                await WriteAsync(": keep-alive\n\n", cancellationToken);
            }
        }
    }

    private Task WriteEventAsync(ClawEventView change, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(EventResponse.From(change), json); // one line: compact JSON never holds a raw newline
        return WriteAsync($"id: {change.Seq}\nevent: {change.Type}\ndata: {data}\n\n", cancellationToken, flush: false);
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken, bool flush = true)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        if (flush)
        {
            await response.Body.FlushAsync(cancellationToken);
        }
    }
}
