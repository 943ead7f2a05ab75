using Claw.Client.Http;
using Claw.Client.Tasks;

namespace Claw.Client.Leases;

/// <summary>
/// <c>/api/v1/leases</c>: a holder's reports by lease. Each is safe to repeat (a repeated complete with the same result
/// is a no-op on the server), so a call that got no answer is tried again.
/// </summary>
public sealed class LeasesClient
{
    private readonly ClawHttp _http;

    internal LeasesClient(ClawHttp http) => _http = http;

    public Task<Lease> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<Lease>(Path(id), cancellationToken);

    /// <summary>Renews the lease: it now expires the task's <c>timeout_seconds</c> from now.</summary>
    public Task<Lease> HeartbeatAsync(string id, string token, CancellationToken cancellationToken = default) =>
        _http.PostAsync<Lease>(Path(id) + "/heartbeat", new { Token = token }, cancellationToken, repeatable: true);

    public Task<ClawTask> CompleteAsync(string id, string token, object? result = null, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawTask>(Path(id) + "/complete", new { Token = token, Result = ClawJson.Element(result) }, cancellationToken, repeatable: true);

    public Task<ClawTask> FailAsync(string id, string token, string error, bool retriable = true, string? errorCode = null, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawTask>(Path(id) + "/fail", new { Token = token, Error = error, Retriable = retriable, ErrorCode = errorCode }, cancellationToken, repeatable: true);

    /// <summary>Gives the task back untouched; no attempt is spent.</summary>
    public Task<ClawTask> ReleaseAsync(string id, string token, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawTask>(Path(id) + "/release", new { Token = token }, cancellationToken);

    private static string Path(string id) => $"leases/{PathSegment.Of(id)}";
}
