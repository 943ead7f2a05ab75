using System.Text;
using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>A Server-Sent Events reader as a browser's EventSource is: it reads events, skips comments, keeps the last id.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>The id of the last event read (what a reconnect sends as <c>Last-Event-ID</c>).</summary>
    public string? LastEventId { get; private set; }

    /// <summary>True once the stream ended or a read timed out; every later read answers null.</summary>
    public bool Ended { get; private set; }

    /// <summary>Comment lines read so far (keep-alives).</summary>
    public int Comments { get; private set; }

    public static async Task<SseClient> ConnectAsync(HttpClient http, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        return new SseClient(response, reader) { LastEventId = lastEventId };
    }

    /// <summary>
    /// The next event, or null when the stream ended or <paramref name="timeout"/> passed first. A read that times out
    /// ends the stream for good: HttpClient aborts the connection under a cancelled read, so the caller reconnects.
    /// </summary>
    public async Task<SseEvent?> NextAsync(TimeSpan timeout)
    {
        if (Ended)
        {
            return null;
        }

        using var cancel = new CancellationTokenSource(timeout);
        string? id = null, type = null;
        var data = new StringBuilder();
        try
        {
            while (await _reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        LastEventId = id ?? LastEventId;
                        return new SseEvent(id, type ?? "message", JsonDocument.Parse(data.ToString()).RootElement.Clone());
                    }

                    continue;
                }

                if (line.StartsWith(':'))
                {
                    Comments++;
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line[6..]);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        Ended = true;
        return null;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
