using Claw.Client.Auth;
using Claw.Client.Events;
using Claw.Client.Http;
using Claw.Client.Leases;
using Claw.Client.Monitoring;
using Claw.Client.Nodes;
using Claw.Client.Schedules;
using Claw.Client.Swarms;
using Claw.Client.Tasks;
using Claw.Client.Workflows;

namespace Claw.Client;

/// <summary>
/// The typed client of the Claw.Orleans API, one property per route family. Refusals throw
/// <see cref="ClawApiException"/>; 429 and 503 are waited out as <c>Retry-After</c> says; creates carry an
/// <c>Idempotency-Key</c>. One instance is meant to live as long as the application (it holds a connection pool).
/// </summary>
public sealed class ClawClient : IDisposable
{
    private readonly ClawHttp _http;

    public ClawClient(ClawClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = new ClawHttp(options);
        Tasks = new TasksClient(_http);
        Nodes = new NodesClient(_http);
        Leases = new LeasesClient(_http);
        Workflows = new WorkflowsClient(_http);
        Swarms = new SwarmsClient(_http);
        Schedules = new SchedulesClient(_http);
        Keys = new KeysClient(_http);
        Monitoring = new MonitoringClient(_http);
        Events = new EventsClient(_http);
    }

    /// <summary>A client of the server at <paramref name="baseAddress"/>, with an API key when it asks for one.</summary>
    public ClawClient(Uri baseAddress, string? apiKey = null)
        : this(new ClawClientOptions { BaseAddress = baseAddress, ApiKey = apiKey })
    {
    }

    public Uri BaseAddress => _http.BaseAddress;

    public TasksClient Tasks { get; }

    public NodesClient Nodes { get; }

    public LeasesClient Leases { get; }

    public WorkflowsClient Workflows { get; }

    public SwarmsClient Swarms { get; }

    public SchedulesClient Schedules { get; }

    public KeysClient Keys { get; }

    public MonitoringClient Monitoring { get; }

    public EventsClient Events { get; }

    public void Dispose() => _http.Dispose();
}
