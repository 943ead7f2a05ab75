using Claw.Abstractions.Errors;
using Cronos;

namespace Claw.Grains.Schedules;

/// <summary>
/// The scheduled times of one schedule: the occurrences of a 5-field cron expression in a time zone (Cronos), or every
/// interval from an anchor. A plain class, so the slot rules are testable without a cluster.
/// </summary>
public sealed class ScheduleClock
{
    /// <summary>Bounds the count of missed cron slots after a very long downtime (a minutely cron misses ~0.5 M a year).</summary>
    private const int MaxCounted = 10_000_000;

    private readonly CronExpression? _cron;
    private readonly TimeZoneInfo _zone;
    private readonly long _intervalTicks;
    private readonly DateTimeOffset _anchor;

    private ScheduleClock(CronExpression? cron, TimeZoneInfo zone, long intervalTicks, DateTimeOffset anchor)
    {
        _cron = cron;
        _zone = zone;
        _intervalTicks = intervalTicks;
        _anchor = anchor;
    }

    /// <summary>
    /// A cron clock when <paramref name="cron"/> is set, else an interval clock anchored at <paramref name="anchor"/>.
    /// Refuses a definition it cannot keep with <c>validation_failed</c> naming each bad field (<c>cron</c>,
    /// <c>time_zone</c>, <c>interval_seconds</c>), so the gateway needs no cron parser of its own.
    /// </summary>
    public static ScheduleClock Create(string? cron, string timeZone, int? intervalSeconds, DateTimeOffset anchor)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            errors["time_zone"] = ["Not a known IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)."];
        }

        CronExpression? expression = null;
        if (cron is not null)
        {
            expression = ParseCron(cron, errors);
            if (expression is not null && zone is not null && expression.GetNextOccurrence(anchor.UtcDateTime, zone) is null)
            {
                errors["cron"] = ["The expression never fires."];
            }
        }
        else if (intervalSeconds is not >= 1)
        {
            errors["interval_seconds"] = ["A schedule needs a cron expression or an interval of at least 1 second."];
        }

        if (errors.Count > 0)
        {
            throw ClawException.InvalidFields(errors);
        }

        return expression is not null
            ? new ScheduleClock(expression, zone!, 0, anchor)
            : new ScheduleClock(null, TimeZoneInfo.Utc, TimeSpan.FromSeconds(intervalSeconds!.Value).Ticks, anchor);
    }

    private static CronExpression? ParseCron(string cron, Dictionary<string, string[]> errors)
    {
        try
        {
            return CronExpression.Parse(cron, CronFormat.Standard);
        }
        catch (Exception ex) when (ex is CronFormatException or MissingSeedException)
        {
            errors["cron"] = [$"Not a 5-field cron expression (minute hour day-of-month month day-of-week): {ex.Message}"];
            return null;
        }
    }

    /// <summary>The first scheduled time strictly after <paramref name="after"/>; null when there is none (a cron that ends).</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_cron is not null)
        {
            return _cron.GetNextOccurrence(after.UtcDateTime, _zone) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
        }

        if (after < _anchor)
        {
            return _anchor;
        }

        return _anchor.AddTicks(((after - _anchor).Ticks / _intervalTicks + 1) * _intervalTicks);
    }

    /// <summary>How many scheduled times lie strictly between <paramref name="after"/> and <paramref name="before"/>.</summary>
    public long CountBetween(DateTimeOffset after, DateTimeOffset before)
    {
        if (Next(after) is not { } first || first >= before)
        {
            return 0;
        }

        if (_cron is not null)
        {
            return _cron.GetOccurrences(after.UtcDateTime, before.UtcDateTime, _zone, fromInclusive: false, toInclusive: false).Take(MaxCounted).LongCount();
        }

        var last = (before - _anchor).Ticks - 1; // the last slot is strictly before `before`
        return last / _intervalTicks - (first - _anchor).Ticks / _intervalTicks + 1;
    }

    /// <summary>True when <paramref name="time"/> is one of the scheduled times.</summary>
    public bool IsSlot(DateTimeOffset time) => Next(time.AddTicks(-1)) == time;
}
