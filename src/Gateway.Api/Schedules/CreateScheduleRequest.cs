using System.Text.Json;
using Claw.Abstractions.Schedules;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;
using Cronos;

namespace Claw.Gateway.Schedules;

/// <summary>Body of <c>POST /schedules</c> (API.md "Schedules"): exactly one of <c>cron</c> and <c>interval_seconds</c>.</summary>
public sealed record CreateScheduleRequest(
    string? Id,
    string? Name,
    string? Cron,
    string? TimeZone,
    int? IntervalSeconds,
    SubmitTaskRequest? Task,
    OverlapPolicy? OverlapPolicy,
    int? CatchupWindowSeconds,
    DateTimeOffset? StartAt,
    bool? Paused,
    JsonElement? Metadata) : IValidatable
{
    public const string DefaultTimeZone = "UTC";
    public const int DefaultCatchupWindowSeconds = 60;
    public const int MaxIntervalSeconds = 366 * 86_400;
    public const int MaxCatchupWindowSeconds = 7 * 86_400;

    public void Validate(ValidationErrors errors)
    {
        errors.Require(Id is null || Ids.IsValid(Id), "id", Ids.Rule)
            .Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 200, "name", "Required, at most 200 characters.")
            .Require(IntervalSeconds is null or (>= 1 and <= MaxIntervalSeconds), "interval_seconds", $"Between 1 and {MaxIntervalSeconds}.")
            .Require(CatchupWindowSeconds is null or (>= 0 and <= MaxCatchupWindowSeconds), "catchup_window_seconds", $"Between 0 and {MaxCatchupWindowSeconds}.")
            .Require(StartAt is null || StartAt.Value.Year is >= 2000 and <= 9000, "start_at", "A time between the years 2000 and 9000.")
            .Require(Metadata is null || Metadata.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null, "metadata", "Must be a JSON object.");
        if ((Cron is null) == (IntervalSeconds is null))
        {
            var message = Cron is null ? "Give a cron expression or interval_seconds." : "Give a cron expression or interval_seconds, not both.";
            errors.Add("cron", message).Add("interval_seconds", message);
        }

        var zone = CheckTimeZone(errors);
        if (Cron is not null && zone is not null)
        {
            CheckCron(errors, Cron, zone);
        }

        CheckTask(errors);
    }

    public ScheduleDefinition ToDefinition(string correlationId, string? fingerprint) => new(
        Name!.Trim(),
        Cron?.Trim(),
        TimeZone ?? DefaultTimeZone,
        IntervalSeconds,
        Task!.ToSubmission(correlationId, null),
        OverlapPolicy ?? Abstractions.Schedules.OverlapPolicy.Skip,
        CatchupWindowSeconds ?? DefaultCatchupWindowSeconds,
        StartAt,
        Paused ?? false,
        Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : null,
        fingerprint);

    private TimeZoneInfo? CheckTimeZone(ValidationErrors errors)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? DefaultTimeZone, out var zone))
        {
            return zone;
        }

        errors.Add("time_zone", "Not a known IANA time zone (e.g. UTC, Europe/Berlin, America/New_York).");
        return null;
    }

    private static void CheckCron(ValidationErrors errors, string cron, TimeZoneInfo zone)
    {
        try
        {
            var expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
            errors.Require(expression.GetNextOccurrence(DateTime.UtcNow, zone) is not null, "cron", "The expression never fires.");
        }
        catch (Exception ex) when (ex is CronFormatException or MissingSeedException)
        {
            errors.Add("cron", $"Not a 5-field cron expression (minute hour day-of-month month day-of-week): {ex.Message}");
        }
    }

    /// <summary>The template is a task submit body, checked by the same rules; its fields are named <c>task.…</c>.</summary>
    private void CheckTask(ValidationErrors errors)
    {
        if (Task is null)
        {
            errors.Add("task", "Required: the body of the task each firing submits (as POST /tasks).");
            return;
        }

        var inner = new ValidationErrors();
        Task.Validate(inner);
        inner.Require(Task.RunAt is null, "run_at", "Not allowed in a schedule's template: the schedule decides when its tasks run.");
        foreach (var (field, messages) in inner.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add("task." + field, message);
            }
        }
    }
}
