using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>
/// Which tasks of a batch are created together, set-based, without their grains (<see cref="TaskBatchGrain"/>): those
/// whose creation is only a row and an index entry. A task whose creation needs its grain alive goes through it: an
/// approval gate (the deadline's reminder), a workflow step (its workflow's gate), a swarm task (the swarm's slots),
/// and one to run later (kept apart so its grain schedules it as every delayed submit).
/// </summary>
public static class BatchPlan
{
    public static bool IsPlain(TaskSubmission submission, DateTimeOffset now) =>
        !submission.RequiresApproval
        && !submission.Waiting
        && submission.WorkflowId is null
        && submission.SwarmId is null
        && (submission.RunAt is not { } runAt || runAt <= now);
}
