using Claw.Abstractions.Schedules;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Schedules;

/// <summary>The tick: catch up, apply the overlap policy, fire; and the timer that brings the next tick.</summary>
public sealed partial class ScheduleGrain
{
    /// <summary>A long downtime catches up in ticks of this many firings each, the next one right after.</summary>
    private const int MaxFiringsPerTick = 100;

    /// <summary>How often a buffered slot checks whether the running task has ended.</summary>
    private static readonly TimeSpan BufferCheck = TimeSpan.FromSeconds(1);

    /// <summary>How long a tick that could not submit (storage or cluster trouble) waits before trying again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private bool _retrying;

    /// <summary>
    /// Fires what is due: first a buffered slot whose blocker ended, then the slots after the cursor up to now, in order.
    /// Slots missed while no activation watched, older than the catch-up window, are skipped and counted.
    /// </summary>
    private async Task TickAsync()
    {
        RequestContext.Clear(); // a tick belongs to no request
        if (!S.Exists || S.Status == ScheduleStatus.Paused)
        {
            StopTimer();
            await UnregisterReminderAsync();
            return;
        }

        var now = time.GetUtcNow();
        var before = (S.Through, S.BufferedFor, S.FiredCount, S.SkippedCount);
        _retrying = false;
        try
        {
            await FireDueAsync(now);
        }
        catch (Exception ex)
        {
            // Nothing is lost: the cursor stops before the slot that failed, and the next tick fires it (idempotently).
            _retrying = true;
            LogFireFailed(logger, ScheduleId, Clock.Next(S.Through), RetryDelay.TotalSeconds, ex);
        }

        try
        {
            if (before != (S.Through, S.BufferedFor, S.FiredCount, S.SkippedCount))
            {
                S.NextRunAt = Clock.Next(S.Through);
                await WriteAsync();
            }
        }
        finally
        {
            ArmTimer();
        }
    }

    private async Task FireDueAsync(DateTimeOffset now)
    {
        bool? running = null; // whether the last fired task is still running; asked at most once per tick
        if (S.BufferedFor is { } buffered && !(running ??= await LastTaskRunningAsync()))
        {
            running = await FireAsync(buffered);
            S.BufferedFor = null;
        }

        SkipMissed(now);
        for (var fired = 0; fired < MaxFiringsPerTick && Clock.Next(S.Through) is { } slot && slot <= now; fired++)
        {
            if (S.OverlapPolicy == OverlapPolicy.Allow || !(running ??= await LastTaskRunningAsync()))
            {
                running = await FireAsync(slot);
            }
            else if (S.OverlapPolicy == OverlapPolicy.BufferOne && S.BufferedFor is null)
            {
                S.BufferedFor = slot;
            }
            else
            {
                Skipped(1, "overlap");
            }

            S.Through = slot;
        }
    }

    /// <summary>Skips the slots that came due before this activation watched and before the catch-up window.</summary>
    private void SkipMissed(DateTimeOffset now)
    {
        var window = now - TimeSpan.FromSeconds(S.CatchupWindowSeconds);
        var skipBefore = window < _liveSince ? window : _liveSince;
        var missed = Clock.CountBetween(S.Through, skipBefore);
        if (missed > 0)
        {
            S.Through = skipBefore.AddTicks(-1);
            Skipped(missed, "missed");
        }
    }

    /// <summary>Fires one slot of the schedule; answers whether its task is still running.</summary>
    private async Task<bool> FireAsync(DateTimeOffset slot)
    {
        var result = await SubmitAsync(slot, manual: false);
        return !result.Task.Status.IsTerminal();
    }

    /// <summary>Submits the slot's task (a replay when it exists) and records it as the last firing.</summary>
    private async Task<SubmitResult> SubmitAsync(DateTimeOffset slot, bool manual)
    {
        var taskId = ScheduleSlots.TaskId(ScheduleId, S.CreatedAt, slot);
        var submission = ScheduleSlots.Submission(S.Task!, ScheduleId, S.CreatedAt, slot, manual, CorrelationId ?? taskId);
        var result = await GrainFactory.GetGrain<ITaskGrain>(taskId).SubmitAsync(submission);
        if (!(manual && result.Replayed))
        {
            S.FiredCount++;
            S.LastRunAt = time.GetUtcNow();
            S.LastTaskId = taskId;
            S.LastScheduledFor = slot;
            metrics.SchedulesFired.Add(1, new KeyValuePair<string, object?>("queue", S.Task!.Queue));
        }

        LogFired(logger, ScheduleId, slot, taskId, result.Replayed, manual);
        return result;
    }

    private async Task<bool> LastTaskRunningAsync() =>
        S.LastTaskId is { } id && await GrainFactory.GetGrain<ITaskGrain>(id).GetAsync() is { } task && !task.Status.IsTerminal();

    private void Skipped(long count, string reason)
    {
        S.SkippedCount += count;
        metrics.SchedulesSkipped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        LogSkipped(logger, ScheduleId, count, reason);
    }

    /// <summary>One timer for the next tick: the next run, sooner while a slot is buffered, later after a failure.</summary>
    private void ArmTimer()
    {
        StopTimer();
        if (!S.Exists || S.Status == ScheduleStatus.Paused)
        {
            return;
        }

        var now = time.GetUtcNow();
        var wake = S.NextRunAt;
        if (S.BufferedFor is not null && (wake is null || wake > now + BufferCheck))
        {
            wake = now + BufferCheck;
        }

        if (_retrying && wake < now + RetryDelay)
        {
            wake = now + RetryDelay;
        }

        if (wake is { } at)
        {
            NextTick.CheckAt(at);
        }
    }

    private void StopTimer() => NextTick.StopTimer();

    [LoggerMessage(EventIds.ScheduleCreated, LogLevel.Information, "Schedule {ScheduleId} created ({Spec}), next run at {NextRunAt:o} [correlation {CorrelationId}]")]
    private static partial void LogCreated(ILogger logger, string scheduleId, string spec, DateTimeOffset? nextRunAt, string? correlationId);

    [LoggerMessage(EventIds.ScheduleStatusChanged, LogLevel.Information, "Schedule {ScheduleId} {Action} [correlation {CorrelationId}]")]
    private static partial void LogStatusChanged(ILogger logger, string scheduleId, string action, string? correlationId);

    [LoggerMessage(EventIds.ScheduleFired, LogLevel.Information, "Schedule {ScheduleId} fired {ScheduledFor:o} as task {TaskId} (replayed: {Replayed}, manual: {Manual})")]
    private static partial void LogFired(ILogger logger, string scheduleId, DateTimeOffset scheduledFor, string taskId, bool replayed, bool manual);

    [LoggerMessage(EventIds.ScheduleSkipped, LogLevel.Information, "Schedule {ScheduleId} skipped {Count} slots ({Reason})")]
    private static partial void LogSkipped(ILogger logger, string scheduleId, long count, string reason);

    [LoggerMessage(EventIds.ScheduleFireFailed, LogLevel.Warning, "Schedule {ScheduleId} could not fire {ScheduledFor:o}; trying again in {RetrySeconds} s")]
    private static partial void LogFireFailed(ILogger logger, string scheduleId, DateTimeOffset? scheduledFor, double retrySeconds, Exception exception);
}
