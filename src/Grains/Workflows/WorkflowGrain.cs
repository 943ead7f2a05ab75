using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Grains.Storage;
using Claw.Grains.Timing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Claw.Grains.Workflows;

/// <summary>
/// One workflow. A step's task is created (with a deterministic id and idempotency fingerprint, so a repeat after a
/// crash finds the same task) only when all its dependencies completed; a step that fails for good fails the workflow
/// and cancels what has not ended. Step tasks report their end one-way; a reminder re-drives the workflow while it
/// runs, so a lost notice or an interrupted creation is recovered after a silo dies.
/// </summary>
public sealed partial class WorkflowGrain(
    [PersistentState("workflow", RelationalGrainStorage.ProviderName)] IPersistentState<WorkflowState> state,
    IOptions<WorkflowOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain, IRemindable
{
    private const string RedriveReminder = "redrive";

    private GrainDeadline? _redrive;

    private WorkflowState W => state.State;

    private GrainDeadline Redrive => _redrive ??= new(this, RedriveReminder, reminderOptions.Value.MinimumReminderPeriod, time, RedriveAsync);

    private string WorkflowId => this.GetPrimaryKeyString();

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

        var now = time.GetUtcNow();
        W.Definition = definition;
        W.Status = WorkflowStatus.Pending;
        W.CreatedAt = now;
        W.Steps = definition.Steps.Select((step, i) => new StepState { Name = step.Name, TaskId = StepTaskId(i) }).ToList();
        if (definition.Start)
        {
            await StartCoreAsync();
        }
        else
        {
            await WriteAsync();
        }

        LogCreated(logger, WorkflowId, definition.Steps.Length, definition.CorrelationId);
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

        await StopRedriveAsync();
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
        if (!W.Exists)
        {
            await StopRedriveAsync();
            return;
        }

        var open = W.Steps.Where(s => s.Created && !s.Status.IsTerminal()).ToList();
        var views = await Task.WhenAll(open.Select(s => GrainFactory.GetGrain<ITaskGrain>(s.TaskId).GetAsync()));
        var ended = open.Zip(views)
            .Where(p => p.Second is { } v && v.Status.IsTerminal())
            .Select(p => (p.First, Outcome(p.Second!)))
            .ToList();
        if (ended.Count > 0)
        {
            LogRecovered(logger, WorkflowId, ended.Count);
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
        StepState? broken = null;
        foreach (var (step, outcome) in ended)
        {
            step.Status = WorkflowMapping.StepStatusOf(outcome.Status);
            step.Attempt = outcome.Attempt;
            step.StartedAt = outcome.StartedAt;
            step.FinishedAt = outcome.FinishedAt;
            step.Error = outcome.Error;
            broken ??= step.Status == StepStatus.Completed ? null : step;
        }

        if (W.Status != WorkflowStatus.InProgress)
        {
            await WriteAsync(); // a cancelled or failed workflow still keeps its trace
            await StopRedriveWhenSettledAsync();
        }
        else if (broken is not null)
        {
            var what = broken.Status == StepStatus.Failed ? "failed" : "was cancelled";
            await EndAsync(WorkflowStatus.Failed, $"step '{broken.Name}' {what}" + (broken.Error is { } e ? ": " + e : ""));
        }
        else
        {
            await CreateDueStepsAsync();
        }
    }

    private async Task StartCoreAsync()
    {
        W.Status = WorkflowStatus.InProgress;
        W.StartedAt = time.GetUtcNow();
        await WriteAsync();
        await Redrive.BackstopAsync(options.Value.RedriveInterval);
        await CreateDueStepsAsync();
    }

    /// <summary>Creates the task of every step whose dependencies all completed; completes the workflow when every step has.</summary>
    private async Task CreateDueStepsAsync()
    {
        var completed = W.Steps.Where(s => s.Status == StepStatus.Completed).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var due = W.Steps.Select((step, i) => (Step: step, Spec: W.Definition!.Steps[i]))
            .Where(p => !p.Step.Created && p.Spec.DependsOn.All(completed.Contains))
            .ToList();
        if (due.Count > 0)
        {
            var views = await Task.WhenAll(due.Select(p => SubmitStepAsync(p.Step, p.Spec)));
            foreach (var (pair, view) in due.Zip(views))
            {
                pair.Step.Created = true;
                pair.Step.Status = WorkflowMapping.StepStatusOf(view.Status);
                pair.Step.Attempt = view.Attempt;
            }

            await WriteAsync();
            var ended = due.Zip(views).Where(p => p.Second.Status.IsTerminal()).Select(p => (p.First.Step, Outcome(p.Second))).ToList();
            if (ended.Count > 0)
            {
                await ApplyAsync(ended); // a replayed creation found a step that had already ended
            }

            return;
        }

        if (W.Steps.All(s => s.Status == StepStatus.Completed))
        {
            W.Status = WorkflowStatus.Completed;
            W.CompletedAt = time.GetUtcNow();
            await WriteAsync();
            await StopRedriveAsync();
            LogEnded(logger, WorkflowId, W.Status.Wire(), W.Definition!.CorrelationId);
        }
    }

    private async Task<TaskView> SubmitStepAsync(StepState step, WorkflowStep spec)
    {
        var payload = spec.Task.PayloadJson;
        if (!W.Definition!.Sequential && spec.DependsOn.Length > 0)
        {
            var results = await Task.WhenAll(spec.DependsOn.Select(async name =>
                (name, (await GrainFactory.GetGrain<ITaskGrain>(W.Steps.Single(s => s.Name == name).TaskId).GetAsync())?.ResultJson)));
            payload = StepInputs.Merge(payload, results);
        }

        var submission = spec.Task with
        {
            PayloadJson = payload,
            WorkflowId = WorkflowId,
            CorrelationId = W.Definition.CorrelationId,
            IdempotencyFingerprint = $"workflow:{WorkflowId}:{step.Name}",
        };
        return (await GrainFactory.GetGrain<ITaskGrain>(step.TaskId).SubmitAsync(submission)).Task;
    }

    /// <summary>Ends the workflow (written first, so nothing more is created), then cancels every step task still open.</summary>
    private async Task EndAsync(WorkflowStatus status, string error)
    {
        W.Status = status;
        W.Error = error;
        W.CompletedAt = time.GetUtcNow();
        foreach (var step in W.Steps.Where(s => !s.Created))
        {
            step.Status = StepStatus.Skipped;
        }

        await WriteAsync();
        LogEnded(logger, WorkflowId, status.Wire(), W.Definition!.CorrelationId);
        await CancelOpenStepsAsync(status == WorkflowStatus.Cancelled ? error : "workflow failed: " + error);
    }

    private async Task CancelOpenStepsAsync(string reason)
    {
        var open = W.Steps.Where(s => s.Created && !s.Status.IsTerminal()).ToList();
        await Task.WhenAll(open.Select(s => CancelStepAsync(s, reason)));
        await StopRedriveWhenSettledAsync();
    }

    private async Task CancelStepAsync(StepState step, string reason)
    {
        try
        {
            await GrainFactory.GetGrain<ITaskGrain>(step.TaskId).CancelAsync(reason);
        }
        catch (ClawException ex) when (ex.Code == ErrorCodes.InvalidTransition)
        {
            // it ended meanwhile; its own notice brings the outcome
        }
    }

    /// <summary>The reminder stays until every created step has ended, so an interrupted cancel is finished by it.</summary>
    private async Task StopRedriveWhenSettledAsync()
    {
        if (W.Status.IsTerminal() && W.Steps.All(s => !s.Created || s.Status.IsTerminal()))
        {
            await StopRedriveAsync();
        }
    }

    private Task StopRedriveAsync() => Redrive.StopAsync();

    /// <summary>The view, with the live status of steps still running (their tasks know best).</summary>
    private async Task<WorkflowView> ViewAsync()
    {
        var live = await Task.WhenAll(W.Steps.Select(async s =>
            s.Created && !s.Status.IsTerminal() ? await GrainFactory.GetGrain<ITaskGrain>(s.TaskId).GetAsync() : null));
        return W.ToView(WorkflowId, live);
    }

    /// <summary>Step task ids follow from the workflow's, so re-creating a step after a crash finds the same task.</summary>
    private string StepTaskId(int index) => $"{WorkflowId}.step-{index + 1}";

    private static StepOutcome Outcome(TaskView t) => new(t.Id, t.Status, t.Attempt, t.StartedAt, t.CompletedAt, t.Error);

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

    [LoggerMessage(EventIds.WorkflowCreated, LogLevel.Information, "Workflow {WorkflowId} created with {Steps} steps [correlation {CorrelationId}]")]
    private static partial void LogCreated(ILogger logger, string workflowId, int steps, string correlationId);

    [LoggerMessage(EventIds.WorkflowEnded, LogLevel.Information, "Workflow {WorkflowId} ended {Status} [correlation {CorrelationId}]")]
    private static partial void LogEnded(ILogger logger, string workflowId, string status, string correlationId);

    [LoggerMessage(EventIds.WorkflowStepsRecovered, LogLevel.Warning, "Workflow {WorkflowId}: {Steps} step ends recovered by the re-drive (their notices were lost)")]
    private static partial void LogRecovered(ILogger logger, string workflowId, int steps);
}
