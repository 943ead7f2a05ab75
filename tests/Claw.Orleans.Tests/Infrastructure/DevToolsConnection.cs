using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>
/// The Chrome DevTools Protocol over one target's WebSocket: numbered calls answered by id, and the events that say
/// the page went wrong (an uncaught exception, a console error, a blocked script or style) kept for the test to assert.
/// </summary>
public sealed class DevToolsConnection : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private int _lastId;

    private DevToolsConnection(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>What went wrong in the page so far: exceptions, console errors, and errors the browser logged (but not failed requests).</summary>
    public IReadOnlyCollection<string> PageErrors => _pageErrors;

    public static async Task<DevToolsConnection> ConnectAsync(Uri target)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(CallTimeout);
        await socket.ConnectAsync(target, timeout.Token);
        return new DevToolsConnection(socket);
    }

    /// <summary>Calls a protocol method and answers its <c>result</c>; a protocol error fails the test with its message.</summary>
    public async Task<JsonElement> CallAsync(string method, object? parameters = null)
    {
        var id = Interlocked.Increment(ref _lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = answer;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _sending.Release();
        }

        return await answer.Task.WaitAsync(CallTimeout);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var frame = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, frame.Count);
                if (!frame.EndOfMessage)
                {
                    continue;
                }

                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The browser went away, or the test closed the connection.
        }

        foreach (var call in _calls.Values)
        {
            call.TrySetException(new Xunit.Sdk.XunitException("The browser closed its DevTools connection."));
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id) && _calls.TryRemove(id.GetInt32(), out var call))
        {
            if (message.TryGetProperty("error", out var error))
            {
                call.TrySetException(new Xunit.Sdk.XunitException($"DevTools refused the call: {error}"));
            }
            else
            {
                call.TrySetResult(message.GetProperty("result"));
            }

            return;
        }

        var parameters = message.TryGetProperty("params", out var p) ? p : default;
        switch (message.TryGetProperty("method", out var method) ? method.GetString() : null)
        {
            case "Runtime.exceptionThrown":
                var details = parameters.GetProperty("exceptionDetails");
                _pageErrors.Enqueue("exception: " + (details.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var description)
                    ? description.GetString() : details.GetProperty("text").GetString()));
                break;
            case "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() == "error":
                _pageErrors.Enqueue("console.error: " + string.Join(' ', parameters.GetProperty("args").EnumerateArray().Select(a => a.ToString())));
                break;
            case "Log.entryAdded" when parameters.GetProperty("entry") is var entry
                && entry.GetProperty("level").GetString() == "error" && entry.GetProperty("source").GetString() != "network":
                _pageErrors.Enqueue($"{entry.GetProperty("source").GetString()}: {entry.GetProperty("text").GetString()}");
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
        _sending.Dispose();
    }
}
