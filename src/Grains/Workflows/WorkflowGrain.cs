using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Grains.Storage;
using Claw.Grains.Timing;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Workflows;

/// <summary>
/// One workflow. Every step's task exists from its creation (<see cref="WorkflowSteps"/>): a step waits until all its
/// dependencies completed, is held for hand assignment until the workflow starts, and a step that fails for good fails
/// the workflow and cancels what has not ended. Step tasks report their end one-way; a reminder re-drives the workflow
/// while it runs, so a lost notice or an interrupted opening is recovered after a silo dies.
/// </summary>
public sealed class WorkflowGrain(
    [PersistentState("workflow", RelationalGrainStorage.ProviderName)] IPersistentState<WorkflowState> state,
    IOptions<WorkflowOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain, IRemindable
{
    private const string RedriveReminder = "redrive";

    /// <summary>On-demand re-checks (a client asking for a waiting step) run at most this often.</summary>
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private GrainDeadline? _redrive;
    private WorkflowTasks? _tasks;
    private WorkflowProgress? _progress;
    private DateTimeOffset _lastRecheck;

    private WorkflowState W => state.State;

    private WorkflowTasks Tasks => _tasks ??= new(GrainFactory, WorkflowId);

    private string WorkflowId => this.GetPrimaryKeyString();

    private WorkflowProgress Progress => _progress ??= new(() => W, WorkflowId, WriteAsync, Tasks, Redrive, time, logger);

    /// <summary>The re-drive needs no precise time: only its reminder, no timer.</summary>
    private GrainDeadline Redrive => _redrive ??= new(this, RedriveReminder, reminderOptions.Value.MinimumReminderPeriod, time, RedriveAsync);

    public async Task<WorkflowCreated> CreateAsync(WorkflowDefinition definition)
    {
        if (W.Exists)
        {
            return definition.IdempotencyFingerprint is { } fingerprint && fingerprint == W.Definition!.IdempotencyFingerprint
                ? new WorkflowCreated(await ViewAsync(), Replayed: true)
                : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, "This idempotency key was used with a different request body.");
        }

        var problems = WorkflowGraph.Problems(definition.Steps).ToList();
        if (problems.Count > 0)
        {
            throw ClawException.Invalid(string.Join(" ", problems.Select(p => $"{p.Field}: {p.Message}")));
        }

        // The tasks before the workflow: each id the workflow answers reads (ClawBot clients read and assign them), and
        // a creation repeated after a crash finds the same tasks. Nothing is set in memory until they exist.
        var steps = WorkflowSteps.Plan(definition, WorkflowId);
        TaskView[] tasks;
        try
        {
            tasks = await Tasks.CreateAsync(definition, steps);
        }
        catch (ClawException) when (definition.IdempotencyFingerprint is null)
        {
            // Refused (a full queue): without a key no retry comes back to these task ids, so the steps created before
            // the refusal are cancelled instead of left behind, pointing at a workflow that never was. With a key, the
            // retry finds and keeps them.
            await Tasks.DiscardAsync(steps);
            throw;
        }

        W.Definition = definition;
        W.Status = WorkflowStatus.Pending;
        W.CreatedAt = time.GetUtcNow();
        W.Steps = steps;
        var ended = WorkflowSteps.Track(steps, tasks);
        await (definition.Start ? StartCoreAsync() : WriteAsync());
        if (ended.Count > 0)
        {
            await Progress.ApplyAsync(ended); // a repeated creation found steps that had ended
        }

        logger.Created(WorkflowId, definition.Steps.Length, definition.CorrelationId);
        return new WorkflowCreated(await ViewAsync(), Replayed: false);
    }

    public async Task<WorkflowView?> GetAsync() => W.Exists ? await ViewAsync() : null;

    public Task<ImmutableArray<string>> GetTaskIdsAsync()
    {
        EnsureExists();
        return Task.FromResult(W.Steps.Where(s => s.Created).Select(s => s.TaskId).ToImmutableArray());
    }

    public async Task<WorkflowView> StartAsync()
    {
        EnsureExists();
        if (W.Status != WorkflowStatus.Pending)
        {
            throw InvalidTransition("start");
        }

        await StartCoreAsync();
        return await ViewAsync();
    }

    public async Task<WorkflowView> CancelAsync(string? reason)
    {
        EnsureExists();
        if (W.Status.IsTerminal())
        {
            throw InvalidTransition("cancel");
        }

        await Progress.EndAsync(WorkflowStatus.Cancelled, reason is null ? "cancelled" : "cancelled: " + reason);
        return await ViewAsync();
    }

    /// <summary>A workflow that has not ended is cancelled first, so none of its tasks runs on without it.</summary>
    public async Task DeleteAsync()
    {
        EnsureExists();
        if (!W.Status.IsTerminal())
        {
            await Progress.EndAsync(WorkflowStatus.Cancelled, "cancelled: workflow deleted");
        }

        await Redrive.StopAsync();
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public async Task StepEndedAsync(StepOutcome outcome)
    {
        if (W.Exists && W.Steps.FirstOrDefault(s => s.TaskId == outcome.TaskId) is { } step && !step.Status.IsTerminal())
        {
            await Progress.ApplyAsync([(step, outcome)]);
        }
    }

    public async Task RecheckAsync()
    {
        var now = time.GetUtcNow();
        if (W.Exists && !WorkflowSteps.Settled(W) && now - _lastRecheck >= RecheckInterval)
        {
            _lastRecheck = now;
            await Progress.ReconcileAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RedriveReminder)
        {
            await RedriveAsync();
        }
    }

    /// <summary>The backstop of a running workflow (or one that ended with steps still open).</summary>
    private async Task RedriveAsync()
    {
        if (!W.Exists || W.Status == WorkflowStatus.Pending)
        {
            await Redrive.StopAsync(); // nothing to drive: the workflow, or its start, was never written
            return;
        }

        await Progress.ReconcileAsync();
    }

    private async Task StartCoreAsync()
    {
        // The reminder first: a reminder whose workflow start was never written finds it pending and stops itself,
        // while a workflow written as started without its reminder would wait for a notice that never comes.
        if (W.Steps.Count > 0)
        {
            await Redrive.BackstopAsync(options.Value.RedriveInterval);
        }

        W.Status = WorkflowStatus.InProgress;
        W.StartedAt = time.GetUtcNow();
        await WriteAsync();
        await Tasks.ReleaseAsync(WorkflowSteps.Held(W)); // steps held for hand assignment are dispatched from now on
        await Progress.AdvanceAsync();
    }

    /// <summary>The view, with the live status of opened steps still running (their tasks know best).</summary>
    private async Task<WorkflowView> ViewAsync() => W.ToView(WorkflowId, await Tasks.ViewsAsync(W.Steps, s => s.Created && s.Released && !s.Status.IsTerminal()));

    private async Task WriteAsync()
    {
        W.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(this);
    }

    private void EnsureExists()
    {
        if (!W.Exists)
        {
            throw ClawException.NotFound("workflow", WorkflowId);
        }
    }

    private ClawException InvalidTransition(string action) =>
        ClawException.Conflict(ErrorCodes.InvalidTransition, $"Cannot {action} a workflow that is {W.Status.Wire()}.");
}
