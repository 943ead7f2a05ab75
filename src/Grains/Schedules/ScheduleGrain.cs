using Claw.Abstractions.Errors;
using Claw.Abstractions.Schedules;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Claw.Grains.Timing;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Schedules;

/// <summary>
/// One schedule. Its next tick is a <see cref="GrainDeadline"/>: a grain timer at the next run gives precision while the
/// grain is active, and a reminder brings it back after a silo dies or the cluster restarts; the first tick then catches
/// up on the slots that came due meanwhile (within the catch-up window). Every tick reconciles from the persisted cursor
/// (<see cref="ScheduleCursor"/>), never from counting ticks, and each firing is idempotent (<see cref="ScheduleSlots"/>).
/// </summary>
public sealed class ScheduleGrain(
    [PersistentState("schedule", RelationalGrainStorage.ProviderName)] IPersistentState<ScheduleState> state,
    IOptions<ReminderOptions> reminderOptions,
    ClawMetrics metrics,
    TimeProvider time,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    private const string ClockReminder = "schedule";

    private ScheduleClock? _clock;
    private GrainDeadline? _deadline;
    private ScheduleFiring? _firing;
    private bool _retrying;

    /// <summary>
    /// Since when this activation has watched the clock: slots after it came due while the grain was there to fire them
    /// (a late timer fires them late), slots before it were missed and are caught up only within the window.
    /// </summary>
    private DateTimeOffset _liveSince;

    private ScheduleState S => state.State;

    private string ScheduleId => this.GetPrimaryKeyString();

    private GrainDeadline NextTick => _deadline ??= new(this, ClockReminder, reminderOptions.Value.MinimumReminderPeriod, time, TickAsync);

    private ScheduleFiring Firing => _firing ??= new(GrainFactory, metrics, time, logger, ScheduleId);

    private ScheduleClock Clock => _clock ??= ScheduleClock.Create(S.Cron, S.TimeZone, S.IntervalSeconds, S.StartAt);

    private static string? CorrelationId => RequestContext.Get(CorrelationContext.Key) as string;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _liveSince = time.GetUtcNow();
        ArmTimer();
        return Task.CompletedTask;
    }

    public async Task<ScheduleCreateResult> CreateAsync(ScheduleDefinition definition)
    {
        if (S.Exists)
        {
            if (definition.IdempotencyFingerprint is not { } fingerprint || fingerprint != S.IdempotencyFingerprint)
            {
                throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, $"Schedule '{ScheduleId}' exists with another definition.");
            }

            if (S.Status == ScheduleStatus.Active)
            {
                await WatchAsync(); // the first call may have failed after its write
            }

            return new ScheduleCreateResult(View(), Replayed: true);
        }

        var now = ScheduleCursor.Truncate(time.GetUtcNow());
        var startAt = ScheduleCursor.Truncate(definition.StartAt ?? now);
        var clock = ScheduleClock.Create(definition.Cron, definition.TimeZone, definition.IntervalSeconds, startAt);
        S.Apply(definition);
        S.CreatedAt = now;
        S.StartAt = startAt;
        _clock = clock;
        ScheduleCursor.Begin(S, Clock, now, definition.Paused ? ScheduleStatus.Paused : ScheduleStatus.Active);
        if (S.Status == ScheduleStatus.Active)
        {
            await WatchAsync(); // before the write: a reminder without a schedule stops itself at its first tick
        }

        await WriteAsync();
        ArmTimer();
        logger.Created(ScheduleId, LogText.Escape(S.Cron ?? $"every {S.IntervalSeconds} s"), S.NextRunAt, CorrelationId);
        return new ScheduleCreateResult(View(), Replayed: false);
    }

    public Task<ScheduleView?> GetAsync() => Task.FromResult(S.Exists ? View() : null);

    public async Task<ScheduleView> PauseAsync()
    {
        EnsureExists();
        if (S.Status == ScheduleStatus.Paused)
        {
            throw InvalidTransition("pause");
        }

        S.Status = ScheduleStatus.Paused;
        S.NextRunAt = null;
        if (S.BufferedFor is not null)
        {
            S.BufferedFor = null; // a paused schedule fires nothing, the waiting slot included
            Firing.Skipped(S, 1, "paused");
        }

        await WriteAsync();
        await NextTick.StopAsync();
        logger.StatusChanged(ScheduleId, "paused", CorrelationId);
        return View();
    }

    public async Task<ScheduleView> ResumeAsync()
    {
        EnsureExists();
        if (S.Status == ScheduleStatus.Active)
        {
            throw InvalidTransition("resume");
        }

        _liveSince = time.GetUtcNow();
        ScheduleCursor.Begin(S, Clock, _liveSince, ScheduleStatus.Active);
        await WatchAsync();
        await WriteAsync();
        ArmTimer();
        logger.StatusChanged(ScheduleId, "resumed", CorrelationId);
        return View();
    }

    public async Task DeleteAsync()
    {
        EnsureExists();
        NextTick.StopTimer();
        await state.ClearStateAsync();
        await NextTick.StopAsync(); // should this fail, the reminder's next tick finds no schedule and stops itself
        logger.StatusChanged(ScheduleId, "deleted", CorrelationId);
        DeactivateOnIdle();
    }

    public async Task<SubmitResult> TriggerAsync(DateTimeOffset? scheduledFor)
    {
        EnsureExists();
        var now = time.GetUtcNow();
        if (scheduledFor is { } slot && !ScheduleCursor.IsPastSlot(S, Clock, slot, now))
        {
            // A future slot would be fired again, and counted twice, when it comes due.
            throw ClawException.Invalid($"scheduled_for: {ScheduleSlots.Wire(slot)} is not one of this schedule's past times.");
        }

        var result = await Firing.SubmitAsync(S, scheduledFor ?? ScheduleCursor.Truncate(now), manual: true, CorrelationId);
        if (!result.Replayed)
        {
            await WriteAsync();
        }

        return result;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => TickAsync();

    /// <summary>
    /// Fires what is due: first a buffered slot whose blocker ended, then the slots after the cursor up to now, in order.
    /// Slots missed while no activation watched, older than the catch-up window, are skipped and counted.
    /// </summary>
    private async Task TickAsync()
    {
        RequestContext.Clear(); // a tick belongs to no request
        if (!S.Exists || S.Status == ScheduleStatus.Paused)
        {
            await NextTick.StopAsync();
            return;
        }

        var before = (S.Through, S.BufferedFor, S.FiredCount, S.SkippedCount);
        _retrying = false;
        try
        {
            await Firing.FireDueAsync(S, Clock, time.GetUtcNow(), _liveSince);
        }
        catch (Exception ex)
        {
            // Nothing is lost: the cursor stops before the slot that failed, and the next tick fires it (idempotently).
            _retrying = true;
            logger.FireFailed(ScheduleId, Clock.Next(S.Through), ScheduleCursor.RetryDelay.TotalSeconds, ex);
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

    /// <summary>One timer for the next tick (<see cref="ScheduleCursor.WakeAt"/>); none while paused.</summary>
    private void ArmTimer()
    {
        NextTick.StopTimer();
        if (S.Exists && S.Status != ScheduleStatus.Paused && ScheduleCursor.WakeAt(S, time.GetUtcNow(), _retrying) is { } at)
        {
            NextTick.CheckAt(at);
        }
    }

    private Task WatchAsync() => NextTick.BackstopAsync(ScheduleCursor.BackstopPeriod(S.IntervalSeconds));

    private async Task WriteAsync()
    {
        S.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(this);
    }

    private void EnsureExists()
    {
        if (!S.Exists)
        {
            throw ClawException.NotFound("schedule", ScheduleId);
        }
    }

    private ClawException InvalidTransition(string action) =>
        ClawException.Conflict(ErrorCodes.InvalidTransition, $"Cannot {action} a schedule that is {S.Status.Wire()}.");

    private ScheduleView View() => S.ToView(ScheduleId);
}
