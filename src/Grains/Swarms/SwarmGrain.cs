using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Swarms;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Claw.Grains.Timing;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Swarms;

/// <summary>
/// One swarm. Its tasks ask it for a slot before they are leased (<see cref="SwarmSlots"/>), so pause and the
/// concurrency limit hold on every silo at once; a task it turns away is parked (out of the dispatch index) and re-driven
/// when the swarm resumes or a slot frees up. The slots are memory, rebuilt from the tasks table on activation and healed
/// by a timer, so a lost release or a dead silo cannot shrink the swarm for good; a reminder brings the grain back.
/// </summary>
public sealed class SwarmGrain(
    [PersistentState("swarm", RelationalGrainStorage.ProviderName)] IPersistentState<SwarmState> state,
    ClawDatabase database,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<SwarmGrain> logger) : Grain, ISwarmGrain, IRemindable
{
    private const string WatchReminder = "watch";
    private static readonly TimeSpan HealPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromMinutes(1);

    /// <summary>A granted slot may not show as leased in the table yet; the heal leaves it alone this long.</summary>
    private static readonly TimeSpan GrantGrace = TimeSpan.FromSeconds(30);

    private readonly SwarmSlots _slots = new();
    private GrainDeadline? _heal;

    private SwarmState S => state.State;

    private string SwarmId => this.GetPrimaryKeyString();

    /// <summary>The heal timer; its backstop, the watch reminder, only brings the grain back (the activation heals).</summary>
    private GrainDeadline Heal => _heal ??= new(this, WatchReminder, reminderOptions.Value.MinimumReminderPeriod, time, () => HealAsync(redrive: true));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Exists && !S.IsTerminal)
        {
            await HealAsync(redrive: false);
            Watch(); // re-drives what a previous activation may have parked, or finishes an interrupted provisioning
        }
    }

    public async Task<SwarmCreated> CreateAsync(SwarmSpec spec)
    {
        if (S.Exists)
        {
            return spec.IdempotencyFingerprint is { } fingerprint && fingerprint == S.Spec!.IdempotencyFingerprint
                ? new SwarmCreated(await ViewAsync(), Replayed: true)
                : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, "This idempotency key was used with a different request body.");
        }

        S.Spec = spec;
        S.Status = SwarmStatus.Provisioning;
        S.CreatedAt = time.GetUtcNow();
        await WriteAsync();
        await Heal.BackstopAsync(WatchPeriod);
        Watch(); // provisions
        logger.Created(SwarmId, LogText.Escape(spec.Name));
        return new SwarmCreated(await ViewAsync(), Replayed: false);
    }

    public async Task<SwarmView?> GetAsync() => S.Exists ? await ViewAsync() : null;

    public Task<SwarmView> PauseAsync() => MoveAsync(SwarmLifecycle.Pause, SwarmStatus.Running, SwarmStatus.Paused);

    public Task<SwarmView> ResumeAsync() => MoveAsync(SwarmLifecycle.Resume, SwarmStatus.Paused, SwarmStatus.Running);

    public async Task<SwarmView> StopAsync()
    {
        Ensure(SwarmLifecycle.Stop);
        await SetStatusAsync(SwarmStatus.Stopped);
        var open = await SwarmQueries.OpenIdsAsync(database, SwarmId);
        await SwarmTasks.ForEachAsync(GrainFactory, open.Union(_slots.UnparkAll()), task => task.CancelAsync($"swarm {SwarmId} stopped"));
        await Heal.StopAsync();
        return await ViewAsync();
    }

    public async Task<SwarmView> AddNodeAsync(string nodeId)
    {
        Ensure(SwarmLifecycle.AddNode);
        await GrainFactory.GetGrain<INodeGrain>(nodeId).SetSwarmAsync(SwarmId);
        return await ViewAsync();
    }

    public async Task<SwarmView> RemoveNodeAsync(string nodeId)
    {
        Ensure();
        var node = GrainFactory.GetGrain<INodeGrain>(nodeId);
        if ((await node.GetAsync())?.SwarmId != SwarmId)
        {
            throw ClawException.NotFound($"member of swarm '{SwarmId}'", nodeId);
        }

        await node.SetSwarmAsync(null);
        return await ViewAsync();
    }

    public async Task DeleteAsync()
    {
        Ensure(SwarmLifecycle.Delete);
        await Heal.StopAsync();
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public async Task<SwarmHealth> GetHealthAsync()
    {
        Ensure();
        return await SwarmHealthReport.ReadAsync(database, SwarmId, S, time.GetUtcNow());
    }

    /// <summary>A task that names a swarm nobody created runs under no swarm rules.</summary>
    public Task<SlotGrant> AcquireSlotAsync(string taskId) =>
        Task.FromResult(S.Exists ? _slots.Acquire(taskId, S.Status, S.Spec!.MaxConcurrentTasks, time.GetUtcNow()) : SlotGrant.Granted);

    public Task ReleaseSlotAsync(string taskId)
    {
        if (_slots.Release(taskId))
        {
            RedriveParkedAsync().Ignore();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == WatchReminder && (!S.Exists || S.IsTerminal))
        {
            await Heal.StopAsync(); // activating the grain is the reminder's whole job otherwise
        }
    }

    /// <summary>Right after this call (not inside it: tasks may be waiting on this grain for a slot) provisions or re-drives; heals from now on.</summary>
    private void Watch()
    {
        this.RegisterGrainTimer(
            () => S.Status switch { SwarmStatus.Provisioning => ProvisionAsync(), SwarmStatus.Running => RedriveAllAsync(), _ => Task.CompletedTask },
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Heal.CheckEvery(HealPeriod);
    }

    /// <summary>Pause and resume: a move from <paramref name="from"/> to <paramref name="to"/>, a no-op when it is there already.</summary>
    private async Task<SwarmView> MoveAsync(string action, SwarmStatus from, SwarmStatus to)
    {
        Ensure(action);
        if (S.Status == from)
        {
            await SetStatusAsync(to, to == SwarmStatus.Running ? "resumed" : null);
            if (to == SwarmStatus.Running)
            {
                await RedriveAllAsync();
            }
        }

        return await ViewAsync();
    }

    /// <summary>Makes every node the swarm was created with a member; one that is not registered fails the swarm.</summary>
    private async Task ProvisionAsync()
    {
        if (S.Status != SwarmStatus.Provisioning)
        {
            return;
        }

        var missing = new List<string>();
        foreach (var nodeId in S.Spec!.NodeIds)
        {
            try
            {
                await GrainFactory.GetGrain<INodeGrain>(nodeId).SetSwarmAsync(SwarmId);
            }
            catch (ClawException ex) when (ex.Status == 404)
            {
                missing.Add(nodeId);
            }
        }

        SwarmLifecycle.Provisioned(S, missing);
        await SetStatusAsync(S.Status);
        await (S.Status == SwarmStatus.Running ? RedriveParkedAsync() : Heal.StopAsync());
    }

    /// <summary>Reconciles the slots with the leased tasks in the table; then parked tasks fill the free slots.</summary>
    private async Task HealAsync(bool redrive)
    {
        if (!S.Exists || S.IsTerminal)
        {
            return;
        }

        _slots.Heal((await SwarmQueries.LeasedIdsAsync(database, SwarmId)).ToHashSet(StringComparer.Ordinal), time.GetUtcNow(), GrantGrace);
        if (redrive)
        {
            await RedriveParkedAsync();
        }
    }

    /// <summary>Parked tasks fill the free slots of a running swarm.</summary>
    private Task RedriveParkedAsync() =>
        S.Status == SwarmStatus.Running ? RedriveAsync(_slots.UnparkToFill(S.Spec!.MaxConcurrentTasks)) : Task.CompletedTask;

    /// <summary>Re-drives every pending task of the swarm, the parked ones included.</summary>
    private async Task RedriveAllAsync() => await RedriveAsync((await SwarmQueries.PendingIdsAsync(database, SwarmId)).Union(_slots.UnparkAll()));

    /// <summary>Puts tasks back into the dispatch index (each task re-enqueues itself if it is still pending).</summary>
    private async Task RedriveAsync(IEnumerable<string> taskIds)
    {
        var ids = taskIds.ToList();
        if (ids.Count > 0)
        {
            logger.Redrive(SwarmId, ids.Count);
            await SwarmTasks.ForEachAsync(GrainFactory, ids, task => task.ReconcileAsync());
        }
    }

    private async Task SetStatusAsync(SwarmStatus status, string? logged = null)
    {
        S.Status = status;
        await WriteAsync();
        logger.StatusChanged(SwarmId, logged ?? status.Wire());
    }

    private async Task<SwarmView> ViewAsync() =>
        S.ToView(SwarmId, (await SwarmQueries.MembersAsync(database, SwarmId)).Select(m => m.Id).ToImmutableArray(), _slots.Active);

    private async Task WriteAsync()
    {
        S.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(this);
    }

    private void Ensure(string? action = null)
    {
        if (SwarmLifecycle.Refusal(S, SwarmId, action) is { } refusal)
        {
            throw refusal;
        }
    }
}
