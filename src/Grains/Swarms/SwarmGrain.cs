using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Swarms;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Claw.Grains.Swarms;

/// <summary>
/// One swarm. Its tasks ask it for a slot before they are leased, so pause and the concurrency limit hold on every
/// silo at once. A task it turns away is parked (out of the dispatch index) and re-driven when the swarm resumes or a
/// slot frees up. The slots and the parked list are memory: rebuilt from the tasks table when the grain activates and
/// re-checked by a timer, so a lost release or a dead silo cannot shrink the swarm for good.
/// </summary>
public sealed partial class SwarmGrain(
    [PersistentState("swarm", RelationalGrainStorage.ProviderName)] IPersistentState<SwarmState> state,
    ClawDatabase database,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<SwarmGrain> logger) : Grain, ISwarmGrain, IRemindable
{
    private const string WatchReminder = "watch";
    private const string Open = "'pending', 'waiting_input'";
    private const string Leased = "'assigned', 'in_progress'";
    private const int RedriveLimit = 10_000;
    private const int RecentFailureIds = 10;
    private static readonly TimeSpan HealPeriod = TimeSpan.FromSeconds(5);

    /// <summary>A granted slot may not show as leased in the table yet; the heal leaves it alone this long.</summary>
    private static readonly TimeSpan GrantGrace = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, DateTimeOffset> _active = new(StringComparer.Ordinal);
    private readonly Queue<string> _parked = new();
    private readonly HashSet<string> _parkedIds = new(StringComparer.Ordinal);

    private SwarmState S => state.State;

    private string SwarmId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Exists && !S.IsTerminal)
        {
            await HealAsync(redrive: false);
            // After the activation (not inside it: tasks may be waiting on this grain for a slot), re-drive what a
            // previous activation may have parked, and finish an interrupted provisioning.
            this.RegisterGrainTimer(_ => AfterActivationAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
            this.RegisterGrainTimer(_ => HealAsync(redrive: true), new GrainTimerCreationOptions(HealPeriod, HealPeriod));
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
        await this.RegisterOrUpdateReminder(WatchReminder, ReminderPeriod, ReminderPeriod);
        this.RegisterGrainTimer(_ => ProvisionAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        this.RegisterGrainTimer(_ => HealAsync(redrive: true), new GrainTimerCreationOptions(HealPeriod, HealPeriod));
        LogCreated(logger, SwarmId, LogText.Escape(spec.Name));
        return new SwarmCreated(await ViewAsync(), Replayed: false);
    }

    public async Task<SwarmView?> GetAsync() => S.Exists ? await ViewAsync() : null;

    public async Task<SwarmView> PauseAsync()
    {
        EnsureIn("pause", SwarmStatus.Running, SwarmStatus.Paused);
        if (S.Status == SwarmStatus.Running)
        {
            S.Status = SwarmStatus.Paused;
            await WriteAsync();
            LogStatus(logger, SwarmId, "paused");
        }

        return await ViewAsync();
    }

    public async Task<SwarmView> ResumeAsync()
    {
        EnsureIn("resume", SwarmStatus.Running, SwarmStatus.Paused);
        if (S.Status == SwarmStatus.Paused)
        {
            S.Status = SwarmStatus.Running;
            await WriteAsync();
            LogStatus(logger, SwarmId, "resumed");
            await RedriveAsync((await SwarmQueries.TaskIdsAsync(database, SwarmId, "'pending'", RedriveLimit)).Union(TakeParked()));
        }

        return await ViewAsync();
    }

    public async Task<SwarmView> StopAsync()
    {
        EnsureIn("stop", SwarmStatus.Provisioning, SwarmStatus.Running, SwarmStatus.Paused);
        S.Status = SwarmStatus.Stopped;
        await WriteAsync();
        LogStatus(logger, SwarmId, "stopped");
        var open = await SwarmQueries.TaskIdsAsync(database, SwarmId, Open, RedriveLimit);
        await ForEachTaskAsync(open.Union(TakeParked()), task => task.CancelAsync($"swarm {SwarmId} stopped"));
        await ForgetReminderAsync();
        return await ViewAsync();
    }

    public async Task<SwarmView> AddNodeAsync(string nodeId)
    {
        EnsureIn("add a node to", SwarmStatus.Provisioning, SwarmStatus.Running, SwarmStatus.Paused);
        await GrainFactory.GetGrain<INodeGrain>(nodeId).SetSwarmAsync(SwarmId);
        return await ViewAsync();
    }

    public async Task<SwarmView> RemoveNodeAsync(string nodeId)
    {
        EnsureExists();
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
        EnsureExists();
        if (!S.IsTerminal)
        {
            throw ClawException.Conflict(ErrorCodes.InvalidTransition, $"Cannot delete a swarm that is {SwarmTable.StatusText(S.Status)}; stop it first.");
        }

        await ForgetReminderAsync();
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public Task<SlotGrant> AcquireSlotAsync(string taskId)
    {
        if (!S.Exists)
        {
            return Task.FromResult(SlotGrant.Granted); // a task may name a swarm nobody created: no swarm rules apply
        }

        var grant = S.Status switch
        {
            SwarmStatus.Stopped or SwarmStatus.Failed => SlotGrant.Stopped,
            SwarmStatus.Running when _active.ContainsKey(taskId) => SlotGrant.Granted,
            SwarmStatus.Running when S.Spec!.MaxConcurrentTasks is { } max && _active.Count >= max => SlotGrant.Full,
            SwarmStatus.Running => SlotGrant.Granted,
            _ => SlotGrant.Paused, // paused, or still provisioning
        };
        if (grant == SlotGrant.Granted)
        {
            _active[taskId] = time.GetUtcNow();
        }
        else if (grant != SlotGrant.Stopped && _parkedIds.Add(taskId))
        {
            _parked.Enqueue(taskId);
        }

        return Task.FromResult(grant);
    }

    public Task ReleaseSlotAsync(string taskId)
    {
        if (_active.Remove(taskId))
        {
            RedriveParked().Ignore();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == WatchReminder && (!S.Exists || S.IsTerminal))
        {
            await ForgetReminderAsync(); // activating the grain is the reminder's whole job otherwise
        }
    }

    private async Task AfterActivationAsync()
    {
        if (S.Status == SwarmStatus.Provisioning)
        {
            await ProvisionAsync();
        }
        else if (S.Status == SwarmStatus.Running)
        {
            await RedriveAsync((await SwarmQueries.TaskIdsAsync(database, SwarmId, "'pending'", RedriveLimit)).Union(TakeParked()));
        }
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

        S.Status = missing.Count == 0 ? SwarmStatus.Running : SwarmStatus.Failed;
        S.Error = missing.Count == 0 ? null : $"provisioning failed: node(s) {string.Join(", ", missing)} not registered";
        await WriteAsync();
        LogStatus(logger, SwarmId, SwarmTable.StatusText(S.Status));
        if (S.Status == SwarmStatus.Running)
        {
            await RedriveParked();
        }
        else
        {
            await ForgetReminderAsync();
        }
    }

    /// <summary>
    /// Re-reads the swarm's leased tasks: a slot whose release was lost is freed, one taken before this activation is
    /// counted; then parked tasks fill the free slots.
    /// </summary>
    private async Task HealAsync(bool redrive)
    {
        if (!S.Exists || S.IsTerminal)
        {
            return;
        }

        var leased = (await SwarmQueries.TaskIdsAsync(database, SwarmId, Leased, RedriveLimit)).ToHashSet(StringComparer.Ordinal);
        var settled = time.GetUtcNow() - GrantGrace;
        foreach (var (taskId, grantedAt) in _active.ToList())
        {
            if (!leased.Contains(taskId) && grantedAt < settled)
            {
                _active.Remove(taskId);
            }
        }

        foreach (var taskId in leased)
        {
            _active.TryAdd(taskId, time.GetUtcNow());
        }

        if (redrive)
        {
            await RedriveParked();
        }
    }

    private async Task RedriveParked()
    {
        if (S.Status != SwarmStatus.Running || _parked.Count == 0)
        {
            return;
        }

        var free = S.Spec!.MaxConcurrentTasks is { } max ? max - _active.Count : _parked.Count;
        var ids = new List<string>();
        while (ids.Count < free && _parked.TryDequeue(out var taskId))
        {
            _parkedIds.Remove(taskId);
            ids.Add(taskId);
        }

        await RedriveAsync(ids);
    }

    private List<string> TakeParked()
    {
        var ids = _parked.ToList();
        _parked.Clear();
        _parkedIds.Clear();
        return ids;
    }

    /// <summary>Puts tasks back into the dispatch index (each task re-enqueues itself if it is still pending).</summary>
    private async Task RedriveAsync(IEnumerable<string> taskIds)
    {
        var ids = taskIds.ToList();
        if (ids.Count > 0)
        {
            LogRedrive(logger, SwarmId, ids.Count);
            await ForEachTaskAsync(ids, task => task.ReconcileAsync());
        }
    }

    private async Task ForEachTaskAsync(IEnumerable<string> taskIds, Func<ITaskGrain, Task> action)
    {
        foreach (var chunk in taskIds.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(async id =>
            {
                try
                {
                    await action(GrainFactory.GetGrain<ITaskGrain>(id));
                }
                catch (ClawException)
                {
                    // the task moved on meanwhile (ended, deleted): nothing to do for it
                }
            }));
        }
    }

    private async Task<SwarmView> ViewAsync() =>
        S.ToView(SwarmId, (await SwarmQueries.MembersAsync(database, SwarmId)).Select(m => m.Id).ToImmutableArray(), _active.Count);

    private TimeSpan ReminderPeriod => reminderOptions.Value.MinimumReminderPeriod > TimeSpan.FromMinutes(1)
        ? reminderOptions.Value.MinimumReminderPeriod
        : TimeSpan.FromMinutes(1);

    private Task ForgetReminderAsync() => this.UnregisterReminderIfAnyAsync(WatchReminder);

    private async Task WriteAsync()
    {
        S.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(this);
    }

    private void EnsureExists()
    {
        if (!S.Exists)
        {
            throw ClawException.NotFound("swarm", SwarmId);
        }
    }

    private void EnsureIn(string action, params SwarmStatus[] allowed)
    {
        EnsureExists();
        if (!allowed.Contains(S.Status))
        {
            throw ClawException.Conflict(ErrorCodes.InvalidTransition, $"Cannot {action} a swarm that is {SwarmTable.StatusText(S.Status)}.");
        }
    }

    [LoggerMessage(600, LogLevel.Information, "Swarm {SwarmId} ({Name}) created")]
    private static partial void LogCreated(ILogger logger, string swarmId, string name);

    [LoggerMessage(601, LogLevel.Information, "Swarm {SwarmId} {Status}")]
    private static partial void LogStatus(ILogger logger, string swarmId, string status);

    [LoggerMessage(602, LogLevel.Debug, "Swarm {SwarmId} re-drives {Tasks} tasks into dispatch")]
    private static partial void LogRedrive(ILogger logger, string swarmId, int tasks);
}
