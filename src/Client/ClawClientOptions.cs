namespace Claw.Client;

/// <summary>Where the API is, the credentials, and how patiently a refused (429/503) or unreachable call is tried again.</summary>
public sealed class ClawClientOptions
{
    /// <summary>The server's root, e.g. <c>http://localhost:8080</c> (the client adds <c>/api/v1</c>).</summary>
    public Uri BaseAddress { get; set; } = new("http://localhost:8080");

    /// <summary>An API key or JWT sent as <c>Authorization: Bearer …</c>; null when the server runs without authentication.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How often a call answered 429 or 503 (or, when it is safe to repeat, not answered at all) is tried again.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first wait between tries when the answer carries no <c>Retry-After</c>; it doubles, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one call may take, retries included (the event stream is not bounded by it).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The handler that does the I/O (tests and proxies); a <see cref="SocketsHttpHandler"/> when null.</summary>
    public HttpMessageHandler? InnerHandler { get; set; }

    /// <summary>The options from <c>CLAW_URL</c> and <c>CLAW_API_KEY</c> (the CLI's and a worker's usual source).</summary>
    public static ClawClientOptions FromEnvironment() => new()
    {
        BaseAddress = new Uri(Environment.GetEnvironmentVariable("CLAW_URL") is { Length: > 0 } url ? url : "http://localhost:8080"),
        ApiKey = Environment.GetEnvironmentVariable("CLAW_API_KEY") is { Length: > 0 } key ? key : null,
    };
}
