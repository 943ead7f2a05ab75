using System.Text.Json;
using Claw.Abstractions.Schedules;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;

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
            .Json("metadata", Metadata);
        if ((Cron is null) == (IntervalSeconds is null))
        {
            var message = Cron is null ? "Give a cron expression or interval_seconds." : "Give a cron expression or interval_seconds, not both.";
            errors.Add("cron", message).Add("interval_seconds", message);
        }

        // The cron expression and the time zone are the schedule grain's to judge (ScheduleClock); it names them the same way.
        errors.Require(Cron is null || Cron.Length <= 200, "cron", "At most 200 characters.")
            .Require(TimeZone is null || TimeZone.Length <= 100, "time_zone", "At most 100 characters.");
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

    /// <summary>The template is a task submit body, checked by the same rules; its fields are named <c>task.…</c>.</summary>
    private void CheckTask(ValidationErrors errors)
    {
        if (Task is null)
        {
            errors.Add("task", "Required: the body of the task each firing submits (as POST /tasks).");
            return;
        }

        var task = errors.Under("task.");
        Task.Validate(task);
        task.Require(Task.RunAt is null, "run_at", "Not allowed in a schedule's template: the schedule decides when its tasks run.");
    }
}
