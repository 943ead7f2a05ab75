using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Claw.Grains.OpenClaw.Protocol;

/// <summary>
/// One WebSocket connection to an OpenClaw gateway (protocol v4): the challenge → signed <c>connect</c> →
/// <c>hello-ok</c> handshake, then requests matched to their <c>res</c> frames by id, and events handed to the owner.
/// A request may be answered twice (an <c>accepted</c> ack, then the final answer); <see cref="CallAsync"/> waits for
/// the final one. When the socket ends, every pending request fails with <see cref="GatewayClosedException"/>.
/// </summary>
public sealed class GatewayClient : IAsyncDisposable
{
    public const string ClientId = "gateway-client";
    public const string ClientMode = "backend";
    public const string Role = "operator";
    public static readonly string[] Scopes = ["operator.read", "operator.write"];

    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(15);
    private const int MaxFrameBytes = 64 * 1024 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<string, JsonElement>? _onEvent;
    private long _nextId;
    private Task _receiver = Task.CompletedTask;

    private GatewayClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>The gateway's <c>hello-ok</c>.</summary>
    public HelloOk Hello { get; private set; } = null!;

    /// <summary>Completes when the connection has ended; <see cref="CloseError"/> then says how.</summary>
    public Task Closed => _closed.Task;

    public GatewayClosedException? CloseError { get; private set; }

    /// <summary>
    /// Opens the socket and completes the handshake. Throws <see cref="GatewayRefusedException"/> when the gateway
    /// refuses (<c>UNAVAILABLE</c> while it starts, a wrong token, …) and <see cref="GatewayClosedException"/> when
    /// the socket cannot be opened or drops.
    /// </summary>
    public static async Task<GatewayClient> ConnectAsync(
        GatewayEndpoint endpoint, DeviceIdentity device, string clientVersion, Action<string, JsonElement>? onEvent, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        var client = new GatewayClient(socket);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HandshakeTimeout);
            try
            {
                await socket.ConnectAsync(endpoint.Url, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
            {
                throw new GatewayClosedException(null, ex.Message, ex);
            }

            var challenge = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            client._onEvent = (name, payload) =>
            {
                if (name == "connect.challenge")
                {
                    challenge.TrySetResult(payload);
                }
            };
            client._receiver = client.ReceiveLoopAsync();
            await Task.WhenAny(challenge.Task, client.Closed).WaitAsync(timeout.Token);
            if (!challenge.Task.IsCompleted)
            {
                throw client.CloseError!;
            }

            var nonceFrame = await challenge.Task;
            client._onEvent = onEvent;
            var hello = await client.CallAsync("connect", ConnectParams(endpoint, device, clientVersion, nonceFrame), timeout.Token);
            client.Hello = HelloOk.Parse(hello);
            return client;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await client.DisposeAsync();
            throw new GatewayClosedException(null, "the gateway did not complete the handshake in time");
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a request and answers its final payload (an <c>accepted</c> ack is passed to <paramref name="onAccepted"/>).</summary>
    public async Task<JsonElement> CallAsync(string method, object parameters, CancellationToken cancellationToken, Action<JsonElement>? onAccepted = null)
    {
        var id = "c" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pending = new Pending(onAccepted);
        _pending[id] = pending;
        try
        {
            if (CloseError is { } closed)
            {
                throw closed;
            }

            await SendAsync(new { type = "req", id, method, @params = parameters }, cancellationToken);
            return await pending.Answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private static object ConnectParams(GatewayEndpoint endpoint, DeviceIdentity device, string clientVersion, JsonElement challenge)
    {
        var nonce = challenge.Str("nonce") ?? "";
        var signedAt = challenge.Long("ts") ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var proof = new ConnectProof(device.Id, ClientId, ClientMode, Role, Scopes, signedAt, endpoint.Token, nonce, "linux", null);
        return new
        {
            minProtocol = 4,
            maxProtocol = 4,
            client = new { id = ClientId, version = clientVersion, platform = "linux", mode = ClientMode },
            role = Role,
            scopes = Scopes,
            caps = Array.Empty<string>(),
            auth = new { token = endpoint.Token },
            locale = "en-US",
            userAgent = "claw-orleans/" + clientVersion,
            device = new { id = device.Id, publicKey = device.PublicKey, signature = device.Sign(proof.Payload()), signedAt, nonce },
        };
    }

    private async Task SendAsync(object frame, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
            throw CloseError ?? new GatewayClosedException(null, ex.Message, ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var message = new ArrayBufferWriter<byte>();
        GatewayClosedException? error = null;
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    error = new GatewayClosedException(_socket.CloseStatus, _socket.CloseStatusDescription);
                    break;
                }

                if (message.WrittenCount + received.Count > MaxFrameBytes)
                {
                    error = new GatewayClosedException(WebSocketCloseStatus.MessageTooBig, "a frame from the gateway was too large");
                    break;
                }

                message.Write(buffer.AsSpan(0, received.Count));
                if (received.EndOfMessage)
                {
                    Dispatch(message.WrittenSpan);
                    message.ResetWrittenCount();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            error = new GatewayClosedException(_socket.CloseStatus, _socket.CloseStatusDescription ?? (ex is OperationCanceledException ? "closed by Claw" : ex.Message), ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            CloseError = error ?? new GatewayClosedException(null, "closed");
            foreach (var pending in _pending.Values)
            {
                pending.Answer.TrySetException(CloseError);
            }

            _closed.TrySetResult();
        }
    }

    private void Dispatch(ReadOnlySpan<byte> text)
    {
        JsonElement frame;
        try
        {
            using var document = JsonDocument.Parse(text.ToArray());
            frame = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return; // not ours to judge; the gateway only sends JSON
        }

        switch (frame.Str("type"))
        {
            case "res" when frame.Str("id") is { } id && _pending.TryGetValue(id, out var pending):
                pending.Resolve(frame);
                break;
            case "event" when frame.Str("event") is { } name:
                _onEvent?.Invoke(name, frame.Prop("payload") ?? default);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                // the peer is gone already
            }
        }

        await _stop.CancelAsync();
        await _receiver;
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>A request waiting for its final <c>res</c>.</summary>
    private sealed class Pending(Action<JsonElement>? onAccepted)
    {
        public TaskCompletionSource<JsonElement> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Resolve(JsonElement frame)
        {
            var payload = frame.Prop("payload") ?? default;
            if (frame.Bool("ok") == true)
            {
                if (payload.Str("status") == "accepted" && onAccepted is not null && !Answer.Task.IsCompleted)
                {
                    onAccepted(payload);
                    return;
                }

                Answer.TrySetResult(payload);
                return;
            }

            var error = frame.Prop("error") ?? default;
            var retryAfter = error.Long("retryAfterMs") is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
            var code = error.Str("code") ?? "UNKNOWN";
            Answer.TrySetException(new GatewayRefusedException(
                code,
                error.Str("message") ?? "the gateway refused the request",
                error.Bool("retryable") ?? code == "UNAVAILABLE",
                retryAfter,
                (error.Prop("details") ?? default).Str("code")));
        }
    }
}
