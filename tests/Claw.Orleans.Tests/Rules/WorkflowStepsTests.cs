using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Grains.Workflows;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class WorkflowStepsTests
{
    [Fact]
    public void Step_task_ids_follow_from_the_workflow_so_a_repeat_finds_the_same_tasks()
    {
        var workflow = Diamond();
        Assert.Equal(["wf-1.step-1", "wf-1.step-2", "wf-1.step-3", "wf-1.step-4"], workflow.Steps.Select(s => s.TaskId));
        Assert.All(workflow.Steps, s => Assert.False(s.Created));
    }

    [Fact]
    public void Every_step_is_created_held_for_hand_assignment_and_a_step_with_dependencies_waits()
    {
        var workflow = Diamond();
        var plan = WorkflowSteps.Submission(workflow.Definition!, "wf-1", Step(workflow, "plan"), workflow.Definition!.Steps[0]);
        var join = WorkflowSteps.Submission(workflow.Definition!, "wf-1", Step(workflow, "join"), workflow.Definition.Steps[3]);
        Assert.Equal((false, DispatchMode.Manual), (plan.Waiting, plan.Dispatch));
        Assert.Equal((true, DispatchMode.Manual), (join.Waiting, join.Dispatch));
        Assert.Equal(("wf-1", "workflow:wf-1:join", "corr-wf"), (join.WorkflowId, join.IdempotencyFingerprint, join.CorrelationId));
        Assert.Equal(workflow.Definition.Steps[3].Task.PayloadJson, join.PayloadJson); // inputs come when it is opened
    }

    [Fact]
    public void A_step_is_due_once_every_dependency_completed_and_only_once()
    {
        var workflow = Diamond();
        CreateAll(workflow);
        Assert.Empty(Due(workflow)); // the first step was created open; the others wait
        Assert.Equal(["plan"], WorkflowSteps.Held(workflow).Select(s => s.Name));
        End(workflow, "plan", ClawTaskStatus.Completed);
        Assert.Equal(["left", "right"], Due(workflow));
        Open(workflow, "left", "right");
        Assert.Empty(Due(workflow));
        End(workflow, "left", ClawTaskStatus.Completed);
        Assert.Empty(Due(workflow)); // "join" still waits for "right"
        End(workflow, "right", ClawTaskStatus.Completed);
        Assert.Equal(["join"], Due(workflow));
    }

    [Fact]
    public void A_step_whose_task_still_waits_is_not_opened_and_is_due_again()
    {
        var workflow = Diamond();
        CreateAll(workflow);
        End(workflow, "plan", ClawTaskStatus.Completed);
        var left = Step(workflow, "left");
        WorkflowSteps.Track([left], [View(left.TaskId, ClawTaskStatus.Waiting)]);
        Assert.False(left.Released);
        Assert.Contains("left", Due(workflow));
    }

    [Fact]
    public void A_running_workflow_releases_the_opened_steps_still_held_and_only_those()
    {
        var workflow = Diamond();
        CreateAll(workflow);
        var open = WorkflowSteps.Open(workflow);
        Assert.Equal(["plan", "left", "right", "join"], open.Select(s => s.Name)); // waiting steps exist and are open
        TaskView?[] views = [View("wf-1.step-1", ClawTaskStatus.Pending, DispatchMode.Manual), View("wf-1.step-2", ClawTaskStatus.Waiting, DispatchMode.Manual), null, null];
        Assert.Equal(["plan"], WorkflowSteps.StillHeld(open, views).Select(s => s.Name));
        views[0] = View("wf-1.step-1", ClawTaskStatus.Pending, DispatchMode.Auto);
        Assert.Empty(WorkflowSteps.StillHeld(open, views));
    }

    [Fact]
    public void The_first_step_that_did_not_complete_breaks_the_workflow_and_names_itself()
    {
        var workflow = Diamond();
        CreateAll(workflow);
        var broken = WorkflowSteps.Ended([(Step(workflow, "plan"), Outcome(workflow, "plan", ClawTaskStatus.Failed, "boom"))]);
        Assert.Equal("step 'plan' failed: boom", WorkflowSteps.Failure(broken!));
        Assert.Null(WorkflowSteps.Ended([]));

        var cancelled = Diamond();
        CreateAll(cancelled);
        var step = WorkflowSteps.Ended([(Step(cancelled, "plan"), Outcome(cancelled, "plan", ClawTaskStatus.Cancelled, null))]);
        Assert.Equal("step 'plan' was cancelled", WorkflowSteps.Failure(step!));
    }

    [Fact]
    public void A_step_cancelled_before_it_was_opened_is_skipped_and_still_breaks_a_running_workflow()
    {
        var workflow = Diamond();
        CreateAll(workflow);
        var broken = WorkflowSteps.Ended([(Step(workflow, "join"), Outcome(workflow, "join", ClawTaskStatus.Cancelled, "deleted by hand"))]);
        Assert.Equal(StepStatus.Skipped, Step(workflow, "join").Status);
        Assert.Equal("step 'join' was cancelled: deleted by hand", WorkflowSteps.Failure(broken!));
    }

    [Fact]
    public void Ending_skips_the_steps_never_created_and_the_workflow_settles_when_its_open_steps_end()
    {
        var workflow = Diamond();
        Track(workflow, ClawTaskStatus.Pending, "plan"); // an interrupted creation (or one before steps existed from the start)
        WorkflowSteps.End(workflow, WorkflowStatus.Cancelled, "cancelled", T0);
        Assert.Equal([StepStatus.Pending, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped], workflow.Steps.Select(s => s.Status));
        Assert.Equal(["plan"], WorkflowSteps.Open(workflow).Select(s => s.Name));
        Assert.False(WorkflowSteps.Settled(workflow));
        End(workflow, "plan", ClawTaskStatus.Cancelled);
        Assert.True(WorkflowSteps.Settled(workflow));
    }

    [Fact]
    public void A_workflow_ending_with_waiting_steps_cancels_them_and_settles_once_they_report()
    {
        var workflow = Diamond();
        CreateAll(workflow);
        WorkflowSteps.End(workflow, WorkflowStatus.Failed, "step 'plan' failed", T0);
        Assert.Equal(4, WorkflowSteps.Open(workflow).Count); // every created task is cancelled, the waiting ones too
        End(workflow, "plan", ClawTaskStatus.Failed);
        foreach (var name in new[] { "left", "right", "join" })
        {
            End(workflow, name, ClawTaskStatus.Cancelled);
        }

        Assert.Equal([StepStatus.Failed, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped], workflow.Steps.Select(s => s.Status));
        Assert.True(WorkflowSteps.Settled(workflow));
    }

    [Fact]
    public void The_workflow_completes_only_when_every_step_completed()
    {
        var workflow = Diamond();
        CreateAll(workflow);
        foreach (var name in new[] { "plan", "left", "right" })
        {
            Open(workflow, name);
            End(workflow, name, ClawTaskStatus.Completed);
        }

        Assert.False(WorkflowSteps.Complete(workflow, T0));
        Open(workflow, "join");
        End(workflow, "join", ClawTaskStatus.Completed);
        Assert.True(WorkflowSteps.Complete(workflow, T0.AddMinutes(1)));
        Assert.Equal((WorkflowStatus.Completed, T0.AddMinutes(1)), (workflow.Status, workflow.CompletedAt!.Value));
    }

    [Fact]
    public void A_workflow_without_steps_never_completes_on_its_own()
    {
        var definition = new WorkflowDefinition("empty", null, [], Sequential: true, Start: true, null, "corr-wf", null);
        var workflow = new WorkflowState { Definition = definition, Status = WorkflowStatus.InProgress, Steps = WorkflowSteps.Plan(definition, "wf-0") };
        Assert.Empty(WorkflowSteps.Due(workflow));
        Assert.False(WorkflowSteps.Complete(workflow, T0));
        Assert.Equal(WorkflowStatus.InProgress, workflow.Status);
    }

    [Fact]
    public void A_dag_step_with_dependencies_takes_their_results_as_inputs_and_the_sequential_form_does_not()
    {
        var workflow = Diamond();
        Assert.True(WorkflowSteps.TakesInputs(workflow, workflow.Definition!.Steps[3]));
        Assert.False(WorkflowSteps.TakesInputs(workflow, workflow.Definition.Steps[0])); // no dependencies
        var sequential = Diamond(sequential: true);
        Assert.False(WorkflowSteps.TakesInputs(sequential, sequential.Definition!.Steps[3]));
    }

    [Fact]
    public void A_repeated_creation_that_finds_a_task_already_ended_reports_that_end()
    {
        var workflow = Diamond();
        var plan = Step(workflow, "plan");
        var ended = WorkflowSteps.Track([plan], [View(plan.TaskId, ClawTaskStatus.Completed)]);
        Assert.True(plan.Created && plan.Released);
        Assert.Equal(StepStatus.Completed, plan.Status);
        Assert.Equal(ClawTaskStatus.Completed, Assert.Single(ended).Outcome.Status);
    }

    private static WorkflowState Diamond(bool sequential = false)
    {
        var task = Submission();
        WorkflowStep Step(string name, params string[] after) => new(name, [.. after], task);
        var definition = new WorkflowDefinition(
            "deploy", null, [Step("plan"), Step("left", "plan"), Step("right", "plan"), Step("join", "left", "right")], sequential, false, null, "corr-wf", null);
        return new WorkflowState { Definition = definition, Status = WorkflowStatus.InProgress, Steps = WorkflowSteps.Plan(definition, "wf-1") };
    }

    private static List<string> Due(WorkflowState workflow) => WorkflowSteps.Due(workflow).Select(p => p.Step.Name).ToList();

    private static StepState Step(WorkflowState workflow, string name) => workflow.Steps.Single(s => s.Name == name);

    /// <summary>Every task created as the workflow creates them: the first step pending, the others waiting.</summary>
    private static void CreateAll(WorkflowState workflow)
    {
        var views = workflow.Steps.Select((s, i) => View(s.TaskId, workflow.Definition!.Steps[i].DependsOn.IsEmpty ? ClawTaskStatus.Pending : ClawTaskStatus.Waiting)).ToList();
        WorkflowSteps.Track(workflow.Steps, views);
    }

    private static void Open(WorkflowState workflow, params string[] names) => Track(workflow, ClawTaskStatus.Pending, names);

    private static void Track(WorkflowState workflow, ClawTaskStatus status, params string[] names)
    {
        var steps = names.Select(n => Step(workflow, n)).ToList();
        WorkflowSteps.Track(steps, steps.Select(s => View(s.TaskId, status)).ToList());
    }

    private static void End(WorkflowState workflow, string name, ClawTaskStatus status) =>
        WorkflowSteps.Ended([(Step(workflow, name), Outcome(workflow, name, status, null))]);

    private static StepOutcome Outcome(WorkflowState workflow, string name, ClawTaskStatus status, string? error) =>
        new(Step(workflow, name).TaskId, status, 1, T0, T0.AddSeconds(1), error);

    private static TaskView View(string id, ClawTaskStatus status, DispatchMode dispatch = DispatchMode.Manual)
    {
        var state = Created();
        state.Status = status;
        state.Dispatch = dispatch;
        return Claw.Grains.Tasks.TaskMapping.ToView(state, id);
    }
}
