using Claw.Client.Tasks;

namespace Claw.Client.Worker;

/// <summary>Who the worker is (its node), what it runs, and where the server is.</summary>
public sealed class ClawWorkerOptions
{
    /// <summary>The server's root, e.g. <c>http://localhost:8080</c>; <c>CLAW_URL</c> when not set.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c> on every call and on the control channel's upgrade; <c>CLAW_API_KEY</c> when not set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The node's id: given, the worker registers under it again (a restart keeps its identity); null, the server picks one.</summary>
    public string? NodeId { get; set; }

    public string Name { get; set; } = Environment.MachineName;

    public IReadOnlyList<string> Capabilities { get; set; } = [];

    public IReadOnlyList<string>? Models { get; set; }

    public IReadOnlyDictionary<string, string>? Labels { get; set; }

    public Resources? Resources { get; set; }

    public string? SwarmId { get; set; }

    /// <summary>The queues it takes work from (<c>default</c> when empty).</summary>
    public IReadOnlyList<string> Queues { get; set; } = [];

    /// <summary>How many tasks run at once.</summary>
    public int MaxConcurrentTasks { get; set; } = 1;

    /// <summary>The first wait before connecting again after a drop; it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a report (complete, fail, renew) that got no answer or a 429/503 is tried again before the lease is left to expire.</summary>
    public int MaxRetries { get; set; } = 8;

    /// <summary>The handler that does the HTTP I/O (tests, proxies); the control channel connects on its own.</summary>
    public HttpMessageHandler? InnerHandler { get; set; }

    internal ClawClientOptions ClientOptions()
    {
        var environment = ClawClientOptions.FromEnvironment();
        return new ClawClientOptions
        {
            BaseAddress = BaseAddress ?? environment.BaseAddress,
            ApiKey = ApiKey ?? environment.ApiKey,
            MaxRetries = MaxRetries,
            InnerHandler = InnerHandler,
        };
    }
}
