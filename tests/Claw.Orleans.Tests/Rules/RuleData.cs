using System.Collections.Immutable;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Tasks;

namespace Claw.Tests.Rules;

/// <summary>Inputs for the rule tests: a fixed clock, submissions, nodes and tasks at a known point of their lifecycle.</summary>
internal static class RuleData
{
    public const string TaskId = "task-1";

    public static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static TaskSubmission Submission(
        int maxRetries = 3, int timeoutSeconds = 300, DispatchMode dispatch = DispatchMode.Auto, DateTimeOffset? runAt = null,
        bool requiresApproval = false, int? approvalTimeoutSeconds = null, TaskRequirements? requirements = null, string? swarmId = null) =>
        new("q", "build", """{"n":1}""", TaskPriority.Normal, requirements ?? TaskRequirements.None, timeoutSeconds, maxRetries,
            new RetryBackoff(InitialSeconds: 10, Multiplier: 2, MaxSeconds: 60), runAt, requiresApproval, null, swarmId, dispatch, null,
            "corr-1", null, approvalTimeoutSeconds);

    public static NodeProfile Node(string id = "node-a", string[]? capabilities = null, NodeResources? resources = null, string? swarmId = null,
        string[]? models = null, Dictionary<string, string>? labels = null) =>
        new(id, [.. capabilities ?? []], resources ?? NodeResources.None, [.. models ?? []],
            (labels ?? []).ToImmutableDictionary(), swarmId);

    /// <summary>A task created at <see cref="T0"/> from <paramref name="submission"/> (pending unless it asks for approval).</summary>
    public static TaskState Created(TaskSubmission? submission = null)
    {
        var task = new TaskState();
        new TaskLifecycle(task, T0).Create(submission ?? Submission());
        return task;
    }

    /// <summary>A task leased to <paramref name="node"/> at <paramref name="at"/>, on its <paramref name="leases"/>-th lease.</summary>
    public static TaskState Leased(TaskSubmission? submission = null, int leases = 1, string node = "node-a", DateTimeOffset? at = null)
    {
        var task = Created(submission);
        for (var i = 1; i < leases; i++)
        {
            new TaskLifecycle(task, at ?? T0).Assign(TaskId, Node("node-old"));
            new TaskLifecycle(task, at ?? T0).LeaseLost(task.LeaseId!, LeaseStatus.Revoked, "reassigned");
        }

        new TaskLifecycle(task, at ?? T0).Assign(TaskId, Node(node));
        return task;
    }
}
