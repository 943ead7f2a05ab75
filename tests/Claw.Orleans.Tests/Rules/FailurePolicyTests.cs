using Claw.Abstractions.Tasks;
using Claw.Grains.Tasks;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class FailurePolicyTests
{
    [Fact]
    public void A_failure_is_retriable_unless_the_holder_says_not_or_its_code_is_listed_as_permanent()
    {
        var task = Created(Submission() with { NonRetriableCodes = ["bad_input", "quota"] });
        Assert.Equal(FailureCategory.Retriable, FailurePolicy.Categorise(task, retriable: true, errorCode: null));
        Assert.Equal(FailureCategory.Retriable, FailurePolicy.Categorise(task, retriable: true, errorCode: "timeout"));
        Assert.Equal(FailureCategory.Permanent, FailurePolicy.Categorise(task, retriable: true, errorCode: "quota"));
        Assert.Equal(FailureCategory.Permanent, FailurePolicy.Categorise(task, retriable: false, errorCode: null));
        Assert.Equal(FailureCategory.Retriable, FailurePolicy.Categorise(task, retriable: true, errorCode: "QUOTA")); // codes are exact
    }

    [Fact]
    public void A_queue_s_codes_count_as_permanent_beside_the_task_s_own()
    {
        var task = Created();
        Assert.Equal(FailureCategory.Permanent, FailurePolicy.Categorise(task, retriable: true, "rate_limited", queueCodes: ["rate_limited"]));
        Assert.Equal(FailureCategory.Retriable, FailurePolicy.Categorise(task, retriable: true, "other", queueCodes: ["rate_limited"]));
    }

    [Fact]
    public void A_permanent_code_ends_the_task_at_once_with_retries_left_and_the_timeline_says_why()
    {
        var task = Leased(Submission(maxRetries: 5) with { NonRetriableCodes = ["bad_input"] });
        var category = FailurePolicy.Categorise(task, retriable: true, "bad_input");
        var life = new TaskLifecycle(task, T0.AddSeconds(5));
        life.Fail("the input is wrong", errorCode: "bad_input", category: category);
        Assert.Null(life.RetryOrFail(category == FailureCategory.Retriable));
        Assert.Equal((ClawTaskStatus.Failed, 0, "bad_input"), (task.Status, task.RetriesUsed, task.ErrorCode));
        var failed = task.Timeline.Single(e => e.Type == TaskEvents.Failed);
        Assert.Equal(("permanent", "bad_input", "the input is wrong"), (failed.Category, failed.ErrorCode, failed.Detail));
    }

    [Fact]
    public void Retriable_failures_and_expired_leases_are_recorded_as_retriable()
    {
        var task = Leased(Submission(maxRetries: 5));
        var life = new TaskLifecycle(task, T0.AddSeconds(5));
        life.Fail("flaky", errorCode: "timeout", category: FailureCategory.Retriable);
        life.RetryOrFail(retriable: true);
        Assert.Equal(("retriable", "timeout"), (task.Timeline.Single(e => e.Type == TaskEvents.Failed).Category, task.Timeline.Single(e => e.Type == TaskEvents.Failed).ErrorCode));

        var expired = Leased(Submission(maxRetries: 5));
        new TaskLifecycle(expired, T0.AddSeconds(400)).LeaseLost(expired.LeaseId!, LeaseStatus.Expired, "deadline passed");
        Assert.Equal("retriable", expired.Timeline.Single(e => e.Type == TaskEvents.LeaseExpired).Category);
        Assert.Null(expired.Timeline.Single(e => e.Type == TaskEvents.LeaseRevoked || e.Type == TaskEvents.LeaseExpired).ErrorCode);
    }
}
