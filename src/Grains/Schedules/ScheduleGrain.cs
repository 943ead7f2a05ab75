using Claw.Abstractions;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Schedules;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Schedules;

/// <summary>
/// One schedule. A grain timer at the next run gives precision while the grain is active; a reminder is the durable
/// backstop that brings it back after a silo dies or the cluster restarts, and the first tick then catches up on the
/// slots that came due meanwhile (within the catch-up window). Every tick reconciles from the persisted cursor
/// (<see cref="ScheduleState.Through"/>), never from counting ticks, and each firing is idempotent (<see cref="ScheduleSlots"/>).
/// </summary>
public sealed partial class ScheduleGrain(
    [PersistentState("schedule", RelationalGrainStorage.ProviderName)] IPersistentState<ScheduleState> state,
    IOptions<ReminderOptions> reminderOptions,
    ClawMetrics metrics,
    TimeProvider time,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    private const string ClockReminder = "schedule";

    /// <summary>The longest a reminder waits between ticks, whatever the schedule: the bound on how late a lost timer is noticed.</summary>
    private static readonly TimeSpan MaxReminderPeriod = TimeSpan.FromMinutes(1);

    private ScheduleClock? _clock;
    private IGrainTimer? _timer;

    /// <summary>
    /// Since when this activation has watched the clock: slots after it came due while the grain was there to fire them
    /// (a late timer fires them late), slots before it were missed and are caught up only within the window.
    /// </summary>
    private DateTimeOffset _liveSince;

    private ScheduleState S => state.State;

    private string ScheduleId => this.GetPrimaryKeyString();

    private ScheduleClock Clock => _clock ??= ScheduleClock.Create(S.Cron, S.TimeZone, S.IntervalSeconds, S.StartAt);

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
                await EnsureReminderAsync(); // the first call may have failed after its write
            }

            return new ScheduleCreateResult(View(), Replayed: true);
        }

        var now = Truncate(time.GetUtcNow());
        var startAt = Truncate(definition.StartAt ?? now);
        var clock = ScheduleClock.Create(definition.Cron, definition.TimeZone, definition.IntervalSeconds, startAt);
        S.Apply(definition);
        S.CreatedAt = now;
        S.StartAt = startAt;
        _clock = clock;
        Begin(now, definition.Paused ? ScheduleStatus.Paused : ScheduleStatus.Active);
        if (S.Status == ScheduleStatus.Active)
        {
            await EnsureReminderAsync(); // before the write: a reminder without a schedule stops itself at its first tick
        }

        await WriteAsync();
        ArmTimer();
        LogCreated(logger, ScheduleId, LogText.Escape(S.Cron ?? $"every {S.IntervalSeconds} s"), S.NextRunAt, CorrelationId);
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
            Skipped(1, "paused");
        }

        await WriteAsync();
        StopTimer();
        await UnregisterReminderAsync();
        LogStatusChanged(logger, ScheduleId, "paused", CorrelationId);
        return View();
    }

    public async Task<ScheduleView> ResumeAsync()
    {
        EnsureExists();
        if (S.Status == ScheduleStatus.Active)
        {
            throw InvalidTransition("resume");
        }

        var now = time.GetUtcNow();
        _liveSince = now;
        Begin(now, ScheduleStatus.Active);
        await EnsureReminderAsync();
        await WriteAsync();
        ArmTimer();
        LogStatusChanged(logger, ScheduleId, "resumed", CorrelationId);
        return View();
    }

    public async Task DeleteAsync()
    {
        EnsureExists();
        StopTimer();
        await state.ClearStateAsync();
        await UnregisterReminderAsync(); // should this fail, the reminder's next tick finds no schedule and stops itself
        LogStatusChanged(logger, ScheduleId, "deleted", CorrelationId);
        DeactivateOnIdle();
    }

    public async Task<SubmitResult> TriggerAsync(DateTimeOffset? scheduledFor)
    {
        EnsureExists();
        var now = time.GetUtcNow();
        if (scheduledFor is { } slot && (slot > now || slot < S.StartAt || !Clock.IsSlot(slot)))
        {
            // A future slot would be fired again, and counted twice, when it comes due.
            throw ClawException.Invalid($"scheduled_for: {ScheduleSlots.Wire(slot)} is not one of this schedule's past times.");
        }

        var result = await SubmitAsync(scheduledFor ?? Truncate(now), manual: true);
        if (!result.Replayed)
        {
            await WriteAsync();
        }

        return result;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => TickAsync();

    /// <summary>Starts (or restarts) the clock from now: slots before now are not caught up, nor before <c>start_at</c>.</summary>
    private void Begin(DateTimeOffset now, ScheduleStatus status)
    {
        S.Status = status;
        var beforeStart = S.StartAt.AddTicks(-1);
        S.Through = beforeStart > now ? beforeStart : now;
        S.NextRunAt = status == ScheduleStatus.Active ? Clock.Next(S.Through) : null;
    }

    /// <summary>Every period of at most a minute (no faster than Orleans allows, nor than the interval needs).</summary>
    private async Task EnsureReminderAsync()
    {
        var interval = S.IntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : MaxReminderPeriod;
        var period = interval < MaxReminderPeriod ? interval : MaxReminderPeriod;
        var minimum = reminderOptions.Value.MinimumReminderPeriod;
        period = period > minimum ? period : minimum;
        await this.RegisterOrUpdateReminder(ClockReminder, period, period);
    }

    private Task UnregisterReminderAsync() => this.UnregisterReminderIfAnyAsync(ClockReminder);

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
        ClawException.Conflict(ErrorCodes.InvalidTransition, $"Cannot {action} a schedule that is {ScheduleTable.StatusText(S.Status)}.");

    private ScheduleView View() => S.ToView(ScheduleId);

    /// <summary>Slots are exact to the millisecond, the precision of the API's timestamps and of the derived task ids.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static string? CorrelationId => RequestContext.Get(CorrelationContext.Key) as string;
}
