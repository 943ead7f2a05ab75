using Claw.Abstractions.OpenClaw;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// What a gateway's connection last told its grain, kept in memory only (a new activation starts from connecting), and
/// the rules that make a status of it together with the record: a report that stops coming means the connection's silo
/// is gone, and a gateway that served a moment ago keeps its sessions for a grace while it reconnects.
/// </summary>
public sealed class GatewayHealth
{
    /// <summary>The newest connection errors a view shows.</summary>
    public const int ErrorsKept = 20;

    private readonly List<GatewayError> _errors = [];
    private DateTimeOffset _reportAt;
    private DateTimeOffset _activatedAt;
    private DateTimeOffset? _servingAt;

    /// <summary>The last report; null before the first one of this activation or registration.</summary>
    public ConnectionReport? Report { get; private set; }

    /// <summary>The newest errors, oldest first.</summary>
    public IReadOnlyList<GatewayError> Errors => _errors;

    /// <summary>The grain was activated at <paramref name="at"/>: the grace for serving counts from there until a report says it serves.</summary>
    public void Activated(DateTimeOffset at) => _activatedAt = at;

    /// <summary>A registration (maybe with a new url or token) makes the last report meaningless.</summary>
    public void Forget() => Report = null;

    public void Record(ConnectionReport report, DateTimeOffset now)
    {
        Report = report;
        _reportAt = now;
        if (IsLive(report.Status))
        {
            _servingAt = now;
        }

        _errors.AddRange(report.NewErrors);
        _errors.RemoveRange(0, Math.Max(0, _errors.Count - ErrorsKept));
    }

    public GatewayStatus Status(GatewayState gateway, DateTimeOffset now, TimeSpan reportInterval)
    {
        if (gateway.Error is not null)
        {
            return GatewayStatus.Error;
        }

        if (gateway.Paused)
        {
            return GatewayStatus.Offline;
        }

        if (Report is null)
        {
            return GatewayStatus.Connecting;
        }

        return now - _reportAt > 3 * reportInterval ? GatewayStatus.Offline : Report.Status;
    }

    /// <summary>Whether the gateway's sessions stay with it: it serves now, or it served (or was activated) less than <paramref name="grace"/> ago.</summary>
    public bool IsServing(GatewayState gateway, DateTimeOffset now, TimeSpan reportInterval, TimeSpan grace) =>
        gateway.IsRegistered && !gateway.Paused && gateway.Error is null
        && (IsLive(Status(gateway, now, reportInterval)) || now - (_servingAt ?? _activatedAt) < grace);

    /// <summary>The lasting refusal, else the newest error.</summary>
    public string? LastError(GatewayState gateway) =>
        gateway.Error ?? (_errors.Count > 0 ? $"{_errors[^1].Code}: {_errors[^1].Message}" : null);

    public static bool IsLive(GatewayStatus status) => status is GatewayStatus.Online or GatewayStatus.Degraded;
}
