using Claw.Tests.Infrastructure;

namespace Claw.Tests.Cluster.History;

/// <summary>
/// Silo processes on one database, each on ports of its own that it keeps across a kill and restart, as a machine
/// that crashes and reboots does. Every process started here is killed on dispose.
/// </summary>
public sealed class SiloFleet : IAsyncDisposable
{
    private readonly SiloProcess?[] _silos;
    private readonly SiloPorts[] _ports;
    private readonly HttpClient[] _clients;
    private readonly TextWriter?[] _logs;
    private readonly string _data;
    private readonly string[] _arguments;

    private SiloFleet(int count, string data, string[] arguments, string? logDirectory)
    {
        _silos = new SiloProcess?[count];
        _ports = [.. Enumerable.Range(0, count).Select(_ => SiloPorts.Free())];
        _clients = [.. _ports.Select(NewClient)];
        _logs = [.. Enumerable.Range(0, count).Select(i => logDirectory is null ? null : OpenLog(logDirectory, i))];
        _data = data;
        _arguments = arguments;
    }

    public int Count => _silos.Length;

    /// <summary>The silo-to-silo port of silo <paramref name="index"/> (its address in the membership table).</summary>
    public int SiloPort(int index) => _ports[index].Silo;

    /// <summary>The HTTP client of silo <paramref name="index"/>; its calls fail while that silo is down.</summary>
    public HttpClient Client(int index) => _clients[index];

    /// <summary>
    /// Starts the first silo alone (it applies the schema), then the others side by side. With a
    /// <paramref name="logDirectory"/>, each silo's output is kept whole in <c>silo-{n}.log</c> there, across restarts.
    /// </summary>
    public static async Task<SiloFleet> StartAsync(int count, string data, string[] arguments, string? logDirectory = null)
    {
        var fleet = new SiloFleet(count, data, arguments, logDirectory);
        try
        {
            await fleet.StartAsync(0);
            await Task.WhenAll(Enumerable.Range(1, count - 1).Select(fleet.StartAsync));
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL of silo <paramref name="index"/>.</summary>
    public void Kill(int index)
    {
        _silos[index]?.Kill();
    }

    /// <summary>Starts silo <paramref name="index"/> again on its ports.</summary>
    public async Task RestartAsync(int index)
    {
        if (_silos[index] is { } dead)
        {
            await dead.DisposeAsync();
            _silos[index] = null;
        }

        await StartAsync(index);
    }

    /// <summary>The last lines silo <paramref name="index"/> wrote, for a failure message.</summary>
    public string Output(int index) => _silos[index]?.Output ?? "";

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var log in _logs)
        {
            log?.Dispose();
        }
    }

    private async Task StartAsync(int index)
    {
        var directory = Path.Combine(_data, "silo-" + index);
        Directory.CreateDirectory(directory);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _logs[index]?.WriteLine($"=== silo {index} starting at {DateTimeOffset.UtcNow:O}");
                _silos[index] = await SiloProcess.StartAsync(directory, _ports[index], _logs[index], _arguments);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The process exited at start: a port of the killed one may not be free yet.
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    private static TextWriter OpenLog(string directory, int index)
    {
        Directory.CreateDirectory(directory);
        return TextWriter.Synchronized(new StreamWriter(Path.Combine(directory, $"silo-{index}.log"), append: true) { AutoFlush = true });
    }

    /// <summary>
    /// Connections are not kept long: a silo that died leaves its pooled connections broken, and the restarted one is
    /// reached on fresh ones. The time-out covers a call that waits on a grain of a silo not yet declared dead.
    /// </summary>
    private static HttpClient NewClient(SiloPorts ports) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(10), ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}"),
            Timeout = TimeSpan.FromSeconds(20),
        };
}
