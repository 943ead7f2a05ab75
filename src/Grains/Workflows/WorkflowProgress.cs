using Claw.Abstractions.Workflows;
using Claw.Grains.Timing;

namespace Claw.Grains.Workflows;

/// <summary>
/// How a workflow moves once it exists: step ends are applied (<see cref="WorkflowSteps"/> decides), due steps are
/// opened, the workflow completes, fails or is cancelled (and then cancels what is still open), and the re-drive
/// reconciles all of it from the step tasks' live status. Each change is written before the step tasks hear of it.
/// </summary>
public sealed class WorkflowProgress(
    Func<WorkflowState> workflow, string workflowId, Func<Task> write, WorkflowTasks tasks, GrainDeadline redrive, TimeProvider time, ILogger logger)
{
    private WorkflowState W => workflow();

    /// <summary>
    /// Reads the live status of every created step that has not ended, applies what the notices missed, opens steps that
    /// are due and releases those a lost start left held, and finishes cancelling after an interrupted failure or cancel.
    /// </summary>
    public async Task ReconcileAsync()
    {
        var open = WorkflowSteps.Open(W);
        var views = await tasks.ViewsAsync(open, _ => true);
        var ended = WorkflowSteps.EndedAmong(open, views);
        if (ended.Count > 0)
        {
            logger.StepsRecovered(workflowId, ended.Count);
            await ApplyAsync(ended);
        }
        else if (W.Status.IsTerminal())
        {
            await CancelOpenStepsAsync(W.Error ?? "workflow ended");
        }
        else
        {
            await tasks.ReleaseAsync(W.Status == WorkflowStatus.InProgress ? WorkflowSteps.StillHeld(open, views) : []);
            await AdvanceAsync();
        }
    }

    public async Task ApplyAsync(List<(StepState Step, StepOutcome Outcome)> ended)
    {
        var broken = WorkflowSteps.Ended(ended);
        if (W.Status.IsTerminal())
        {
            await write(); // a cancelled or failed workflow still keeps its trace
            await StopRedriveWhenSettledAsync();
        }
        else if (broken is not null)
        {
            await EndAsync(WorkflowStatus.Failed, WorkflowSteps.Failure(broken));
        }
        else
        {
            await AdvanceAsync();
        }
    }

    /// <summary>Opens every step whose dependencies all completed; completes the workflow when every step has.</summary>
    public async Task AdvanceAsync()
    {
        var due = WorkflowSteps.Due(W);
        if (due.Count > 0)
        {
            var automatic = W.Status == WorkflowStatus.InProgress;
            var views = await Task.WhenAll(due.Select(p => tasks.OpenAsync(W, p.Step, p.Spec, automatic)));
            var ended = WorkflowSteps.Track(due.Select(p => p.Step).ToList(), views);
            await write();
            if (ended.Count > 0)
            {
                await ApplyAsync(ended); // a step had ended already (its task was run or cancelled by hand)
            }
        }
        else if (WorkflowSteps.Complete(W, time.GetUtcNow()))
        {
            await write();
            await redrive.StopAsync();
            logger.Ended(workflowId, W.Status.Wire(), W.Definition!.CorrelationId);
        }
    }

    /// <summary>Ends the workflow (written first, so nothing more is opened), then cancels every step task still open.</summary>
    public async Task EndAsync(WorkflowStatus status, string error)
    {
        WorkflowSteps.End(W, status, error, time.GetUtcNow());
        await write();
        logger.Ended(workflowId, status.Wire(), W.Definition!.CorrelationId);
        await CancelOpenStepsAsync(status == WorkflowStatus.Cancelled ? error : "workflow failed: " + error);
    }

    /// <summary>Cancels the open steps' tasks and records their ends at once (their notices then change nothing).</summary>
    private async Task CancelOpenStepsAsync(string reason)
    {
        var open = WorkflowSteps.Open(W);
        var ended = WorkflowSteps.EndedAmong(open, await tasks.CancelAsync(open, reason));
        if (ended.Count > 0)
        {
            WorkflowSteps.Ended(ended);
            await write();
        }

        await StopRedriveWhenSettledAsync();
    }

    /// <summary>The reminder stays until every created step has ended, so an interrupted cancel is finished by it.</summary>
    private async Task StopRedriveWhenSettledAsync()
    {
        if (WorkflowSteps.Settled(W))
        {
            await redrive.StopAsync();
        }
    }
}
