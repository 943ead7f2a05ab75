using System.Net;
using System.Net.Sockets;

namespace Claw.Tests.Clients;

/// <summary>
/// A TCP relay in front of a host, so a test can cut a client's connections the way a network does: <see cref="Sever"/>
/// resets every live connection and refuses new ones (accepted, then reset) until <see cref="Restore"/>.
/// </summary>
public sealed class SeverableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _live = [];
    private readonly Task _accepting;
    private volatile bool _down;
    private int _accepted;

    public SeverableProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Connections relayed so far (refused ones not counted).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public void Sever()
    {
        _down = true;
        lock (_live)
        {
            foreach (var client in _live)
            {
                Reset(client);
            }

            _live.Clear();
        }
    }

    public void Restore() => _down = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_down)
            {
                Reset(inbound);
                continue;
            }

            Interlocked.Increment(ref _accepted);
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(_target.Host, _target.Port, _stop.Token);
            lock (_live)
            {
                _live.Add(inbound);
                _live.Add(outbound);
            }

            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = Pump(inbound, outbound, done.Token);
            var down = Pump(outbound, inbound, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the test cut it, or a side hung up
        }
        finally
        {
            Reset(inbound);
            Reset(outbound);
        }
    }

    private static async Task Pump(TcpClient from, TcpClient to, CancellationToken cancellationToken)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // either side went away
        }
    }

    /// <summary>Closes with a reset (linger 0), as a cut cable or a dead NAT entry looks to the peer.</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // already closed
        }

        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Sever();
        await _accepting;
        _stop.Dispose();
    }
}
