using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Swarms;
using Claw.Grains.Slots;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Swarms;

/// <summary>
/// One swarm. Its tasks ask it for a slot before they are leased (<see cref="SwarmSlots"/>), so pause and the
/// concurrency limit hold on every silo at once; a task it turns away is parked (out of the dispatch index) and re-driven
/// when the swarm resumes or a slot frees up. The slots are a <see cref="SlotLane"/>: memory, rebuilt from the tasks table
/// on activation and healed by a timer, so a lost release or a dead silo cannot shrink the swarm for good; its reminder
/// brings the grain back until the swarm ends.
/// </summary>
public sealed class SwarmGrain(
    [PersistentState("swarm", RelationalGrainStorage.ProviderName)] IPersistentState<SwarmState> state,
    ClawDatabase database,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<SwarmGrain> logger) : Grain, ISwarmGrain, IRemindable
{
    private SlotLane? _slots;

    private SwarmState S => state.State;

    private string SwarmId => this.GetPrimaryKeyString();

    /// <summary>The swarm's slots, counted while it is open, filled while it runs (<see cref="SwarmLifecycle"/>).</summary>
    private SlotLane Slots => _slots ??= new(
        this, GrainFactory, database, SwarmQueries.TasksOf(SwarmId), reminderOptions.Value.MinimumReminderPeriod, time,
        () => SwarmLifecycle.IsOpen(S), () => SwarmLifecycle.Room(S), tasks => logger.Redrive(SwarmId, tasks));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (SwarmLifecycle.IsOpen(S))
        {
            await Slots.HealAsync(fill: false);
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
        await Slots.WatchAsync();
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
        await SwarmTasks.ForEachAsync(GrainFactory, open.Union(Slots.UnparkAll()), task => task.CancelAsync($"swarm {SwarmId} stopped"));
        await Slots.StopAsync();
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
        await Slots.StopAsync();
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
        Task.FromResult(S.Exists ? Slots.Acquire(taskId, S.Status, S.Spec!.MaxConcurrentTasks) : SlotGrant.Granted);

    public Task ParkRefusedAsync(string taskId)
    {
        logger.LeaseRefused(taskId, SwarmId);
        return Slots.ParkRefusedAsync(taskId);
    }

    public Task ReleaseSlotAsync(string taskId)
    {
        Slots.Release(taskId);
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SlotLane.WatchReminder && !SwarmLifecycle.IsOpen(S))
        {
            await Slots.StopAsync(); // activating the grain is the reminder's whole job otherwise
        }
    }

    /// <summary>Right after this call (not inside it: tasks may be waiting on this grain for a slot) provisions or re-drives; heals from now on.</summary>
    private void Watch()
    {
        this.RegisterGrainTimer(
            () => S.Status switch { SwarmStatus.Provisioning => ProvisionAsync(), SwarmStatus.Running => Slots.RedriveAllAsync(), _ => Task.CompletedTask },
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Slots.KeepHealing();
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
                await Slots.RedriveAllAsync();
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
        await (S.Status == SwarmStatus.Running ? Slots.FillAsync() : Slots.StopAsync());
    }

    private async Task SetStatusAsync(SwarmStatus status, string? logged = null)
    {
        S.Status = status;
        await WriteAsync();
        logger.StatusChanged(SwarmId, logged ?? status.Wire());
    }

    private async Task<SwarmView> ViewAsync() =>
        S.ToView(SwarmId, (await SwarmQueries.MembersAsync(database, SwarmId)).Select(m => m.Id).ToImmutableArray(), Slots.Active);

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
