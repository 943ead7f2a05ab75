using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Grains.Storage;
using Claw.Grains.Timing;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Workflows;

/// <summary>
/// One workflow. A step's task is created only when all its dependencies completed; a step that fails for good fails
/// the workflow and cancels what has not ended (<see cref="WorkflowSteps"/>). Step tasks report their end one-way; a
/// reminder re-drives the workflow while it runs, so a lost notice or an interrupted creation is recovered after a silo dies.
/// </summary>
public sealed class WorkflowGrain(
    [PersistentState("workflow", RelationalGrainStorage.ProviderName)] IPersistentState<WorkflowState> state,
    IOptions<WorkflowOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain, IRemindable
{
    private const string RedriveReminder = "redrive";

    private GrainDeadline? _redrive;
    private WorkflowTasks? _tasks;

    private WorkflowState W => state.State;

    private WorkflowTasks Tasks => _tasks ??= new(GrainFactory, WorkflowId);

    private string WorkflowId => this.GetPrimaryKeyString();

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

        W.Definition = definition;
        W.Status = WorkflowStatus.Pending;
        W.CreatedAt = time.GetUtcNow();
        W.Steps = WorkflowSteps.Plan(definition, WorkflowId);
        await (definition.Start ? StartCoreAsync() : WriteAsync());
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

        await EndAsync(WorkflowStatus.Cancelled, reason is null ? "cancelled" : "cancelled: " + reason);
        return await ViewAsync();
    }

    public async Task DeleteAsync()
    {
        EnsureExists();
        if (W.Status == WorkflowStatus.InProgress)
        {
            throw InvalidTransition("delete");
        }

        await Redrive.StopAsync();
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public async Task StepEndedAsync(StepOutcome outcome)
    {
        if (W.Exists && W.Steps.FirstOrDefault(s => s.TaskId == outcome.TaskId) is { } step && !step.Status.IsTerminal())
        {
            await ApplyAsync([(step, outcome)]);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RedriveReminder)
        {
            await RedriveAsync();
        }
    }

    /// <summary>
    /// The backstop: reads the live status of every created step that has not ended, applies what the notices missed,
    /// creates steps that are due, and finishes cancelling after an interrupted failure or cancel.
    /// </summary>
    private async Task RedriveAsync()
    {
        if (!W.Exists || W.Status == WorkflowStatus.Pending)
        {
            await Redrive.StopAsync(); // nothing to drive: the workflow, or its start, was never written
            return;
        }

        var open = WorkflowSteps.Open(W);
        var ended = WorkflowSteps.EndedAmong(open, await Tasks.ViewsAsync(open, _ => true));
        if (ended.Count > 0)
        {
            logger.StepsRecovered(WorkflowId, ended.Count);
            await ApplyAsync(ended);
        }
        else if (W.Status == WorkflowStatus.InProgress)
        {
            await CreateDueStepsAsync();
        }
        else
        {
            await CancelOpenStepsAsync(W.Error ?? "workflow ended");
        }
    }

    private async Task ApplyAsync(List<(StepState Step, StepOutcome Outcome)> ended)
    {
        var broken = WorkflowSteps.Ended(ended);
        if (W.Status != WorkflowStatus.InProgress)
        {
            await WriteAsync(); // a cancelled or failed workflow still keeps its trace
            await StopRedriveWhenSettledAsync();
        }
        else if (broken is not null)
        {
            await EndAsync(WorkflowStatus.Failed, WorkflowSteps.Failure(broken));
        }
        else
        {
            await CreateDueStepsAsync();
        }
    }

    private async Task StartCoreAsync()
    {
        // The reminder first: a reminder whose workflow start was never written finds it pending and stops itself,
        // while a workflow written as started without its reminder would wait for a notice that never comes.
        await Redrive.BackstopAsync(options.Value.RedriveInterval);
        W.Status = WorkflowStatus.InProgress;
        W.StartedAt = time.GetUtcNow();
        await WriteAsync();
        await CreateDueStepsAsync();
    }

    /// <summary>Creates the task of every step whose dependencies all completed; completes the workflow when every step has.</summary>
    private async Task CreateDueStepsAsync()
    {
        var due = WorkflowSteps.Due(W);
        if (due.Count > 0)
        {
            var views = await Task.WhenAll(due.Select(p => Tasks.SubmitAsync(W, p.Step, p.Spec)));
            var ended = WorkflowSteps.Created(due.Select(p => p.Step).ToList(), views);
            await WriteAsync();
            if (ended.Count > 0)
            {
                await ApplyAsync(ended); // a replayed creation found a step that had already ended
            }
        }
        else if (WorkflowSteps.Complete(W, time.GetUtcNow()))
        {
            await WriteAsync();
            await Redrive.StopAsync();
            logger.Ended(WorkflowId, W.Status.Wire(), W.Definition!.CorrelationId);
        }
    }

    /// <summary>Ends the workflow (written first, so nothing more is created), then cancels every step task still open.</summary>
    private async Task EndAsync(WorkflowStatus status, string error)
    {
        WorkflowSteps.End(W, status, error, time.GetUtcNow());
        await WriteAsync();
        logger.Ended(WorkflowId, status.Wire(), W.Definition!.CorrelationId);
        await CancelOpenStepsAsync(status == WorkflowStatus.Cancelled ? error : "workflow failed: " + error);
    }

    private async Task CancelOpenStepsAsync(string reason)
    {
        await Tasks.CancelAsync(WorkflowSteps.Open(W), reason);
        await StopRedriveWhenSettledAsync();
    }

    /// <summary>The reminder stays until every created step has ended, so an interrupted cancel is finished by it.</summary>
    private async Task StopRedriveWhenSettledAsync()
    {
        if (WorkflowSteps.Settled(W))
        {
            await Redrive.StopAsync();
        }
    }

    /// <summary>The view, with the live status of steps still running (their tasks know best).</summary>
    private async Task<WorkflowView> ViewAsync() => W.ToView(WorkflowId, await Tasks.ViewsAsync(W.Steps, s => s.Created && !s.Status.IsTerminal()));

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
