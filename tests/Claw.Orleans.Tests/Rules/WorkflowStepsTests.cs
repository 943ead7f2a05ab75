using System.Text.Json.Nodes;
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
    public void A_step_is_due_once_every_dependency_completed_and_only_once()
    {
        var workflow = Diamond();
        Assert.Equal(["plan"], Due(workflow));
        Create(workflow, "plan");
        Assert.Empty(Due(workflow));
        End(workflow, "plan", ClawTaskStatus.Completed);
        Assert.Equal(["left", "right"], Due(workflow));
        Create(workflow, "left", "right");
        End(workflow, "left", ClawTaskStatus.Completed);
        Assert.Empty(Due(workflow)); // "join" still waits for "right"
        End(workflow, "right", ClawTaskStatus.Completed);
        Assert.Equal(["join"], Due(workflow));
    }

    [Fact]
    public void The_first_step_that_did_not_complete_breaks_the_workflow_and_names_itself()
    {
        var workflow = Diamond();
        Create(workflow, "plan");
        var broken = WorkflowSteps.Ended([(Step(workflow, "plan"), Outcome(workflow, "plan", ClawTaskStatus.Failed, "boom"))]);
        Assert.Equal("step 'plan' failed: boom", WorkflowSteps.Failure(broken!));
        Assert.Null(WorkflowSteps.Ended([]));

        var cancelled = Diamond();
        Create(cancelled, "plan");
        var step = WorkflowSteps.Ended([(Step(cancelled, "plan"), Outcome(cancelled, "plan", ClawTaskStatus.Cancelled, null))]);
        Assert.Equal("step 'plan' was cancelled", WorkflowSteps.Failure(step!));
    }

    [Fact]
    public void Ending_skips_the_steps_never_created_and_the_workflow_settles_when_its_open_steps_end()
    {
        var workflow = Diamond();
        workflow.Status = WorkflowStatus.InProgress;
        Create(workflow, "plan");
        WorkflowSteps.End(workflow, WorkflowStatus.Cancelled, "cancelled", T0);
        Assert.Equal([StepStatus.Pending, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Skipped], workflow.Steps.Select(s => s.Status));
        Assert.Equal(["plan"], WorkflowSteps.Open(workflow).Select(s => s.Name));
        Assert.False(WorkflowSteps.Settled(workflow));
        End(workflow, "plan", ClawTaskStatus.Cancelled);
        Assert.True(WorkflowSteps.Settled(workflow));
    }

    [Fact]
    public void The_workflow_completes_only_when_every_step_completed()
    {
        var workflow = Diamond();
        foreach (var name in new[] { "plan", "left", "right" })
        {
            Create(workflow, name);
            End(workflow, name, ClawTaskStatus.Completed);
        }

        Assert.False(WorkflowSteps.Complete(workflow, T0));
        Create(workflow, "join");
        End(workflow, "join", ClawTaskStatus.Completed);
        Assert.True(WorkflowSteps.Complete(workflow, T0.AddMinutes(1)));
        Assert.Equal((WorkflowStatus.Completed, T0.AddMinutes(1)), (workflow.Status, workflow.CompletedAt!.Value));
    }

    [Fact]
    public void A_dag_step_gets_its_dependencies_results_as_inputs_and_the_sequential_form_does_not()
    {
        var workflow = Diamond();
        var join = workflow.Definition!.Steps[3];
        var submission = WorkflowSteps.Submission(workflow, "wf-1", Step(workflow, "join"), join, [("left", """{"l":1}"""), ("right", null)]);
        var payload = JsonNode.Parse(submission.PayloadJson!)!;
        Assert.Equal(1, payload["inputs"]!["left"]!["l"]!.GetValue<int>());
        Assert.Null(payload["inputs"]!["right"]);
        Assert.Equal(("wf-1", "workflow:wf-1:join", "corr-wf"), (submission.WorkflowId, submission.IdempotencyFingerprint, submission.CorrelationId));

        var sequential = Diamond(sequential: true);
        Assert.False(WorkflowSteps.TakesInputs(sequential, join));
        Assert.Equal(join.Task.PayloadJson, WorkflowSteps.Submission(sequential, "wf-1", Step(sequential, "join"), join, []).PayloadJson);
        Assert.False(WorkflowSteps.TakesInputs(workflow, workflow.Definition.Steps[0])); // no dependencies
    }

    [Fact]
    public void A_repeated_creation_that_finds_a_task_already_ended_reports_that_end()
    {
        var workflow = Diamond();
        var plan = Step(workflow, "plan");
        var ended = WorkflowSteps.Created([plan], [View(plan.TaskId, ClawTaskStatus.Completed)]);
        Assert.True(plan.Created);
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

    private static void Create(WorkflowState workflow, params string[] names)
    {
        var steps = names.Select(n => Step(workflow, n)).ToList();
        WorkflowSteps.Created(steps, steps.Select(s => View(s.TaskId, ClawTaskStatus.Pending)).ToList());
    }

    private static void End(WorkflowState workflow, string name, ClawTaskStatus status) =>
        WorkflowSteps.Ended([(Step(workflow, name), Outcome(workflow, name, status, null))]);

    private static StepOutcome Outcome(WorkflowState workflow, string name, ClawTaskStatus status, string? error) =>
        new(Step(workflow, name).TaskId, status, 1, T0, T0.AddSeconds(1), error);

    private static TaskView View(string id, ClawTaskStatus status)
    {
        var state = Created();
        state.Status = status;
        return Claw.Grains.Tasks.TaskMapping.ToView(state, id);
    }
}
