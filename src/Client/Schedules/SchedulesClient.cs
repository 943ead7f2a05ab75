using Claw.Client.Http;
using Claw.Client.Tasks;

namespace Claw.Client.Schedules;

/// <summary><c>/api/v1/schedules</c>.</summary>
public sealed class SchedulesClient
{
    private readonly ClawHttp _http;

    internal SchedulesClient(ClawHttp http) => _http = http;

    public Task<ClawSchedule> CreateAsync(CreateScheduleRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _http.CreateAsync<ClawSchedule>("schedules", request, idempotencyKey, cancellationToken);

    public Task<ClawSchedule> GetAsync(string id, CancellationToken cancellationToken = default) => _http.GetAsync<ClawSchedule>(Path(id), cancellationToken);

    public IAsyncEnumerable<ClawSchedule> ListAsync(string? status = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        _http.PagesAsync<ClawSchedule>("schedules", new Query().With("status", status), pageSize, cancellationToken);

    public Task<ClawSchedule> PauseAsync(string id, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawSchedule>(Path(id) + "/pause", new { }, cancellationToken);

    public Task<ClawSchedule> ResumeAsync(string id, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawSchedule>(Path(id) + "/resume", new { }, cancellationToken);

    /// <summary>Fires now (or the past slot <paramref name="scheduledFor"/> again) and answers the task; a slot fires once.</summary>
    public Task<ClawTask> TriggerAsync(string id, DateTimeOffset? scheduledFor = null, CancellationToken cancellationToken = default) =>
        _http.PostAsync<ClawTask>(Path(id) + "/trigger", new { ScheduledFor = scheduledFor }, cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => _http.DeleteAsync(Path(id), cancellationToken);

    private static string Path(string id) => $"schedules/{PathSegment.Of(id)}";
}
