using Claw.Grains.Tasks;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class BatchPlanTests
{
    [Fact]
    public void A_task_that_is_only_a_row_and_an_index_entry_is_plain()
    {
        Assert.True(BatchPlan.IsPlain(Submission(), T0));
        Assert.True(BatchPlan.IsPlain(Submission() with { RunAt = T0 }, T0)); // due now
        Assert.True(BatchPlan.IsPlain(Submission() with { ConcurrencyKey = "k", ConcurrencyLimit = 1 }, T0)); // its lane is taken at lease time
    }

    [Fact]
    public void A_task_whose_creation_needs_its_grain_goes_through_it()
    {
        Assert.False(BatchPlan.IsPlain(Submission() with { RequiresApproval = true }, T0));
        Assert.False(BatchPlan.IsPlain(Submission() with { WorkflowId = "wf" }, T0));
        Assert.False(BatchPlan.IsPlain(Submission() with { Waiting = true }, T0));
        Assert.False(BatchPlan.IsPlain(Submission() with { SwarmId = "s" }, T0));
        Assert.False(BatchPlan.IsPlain(Submission() with { RunAt = T0.AddSeconds(1) }, T0));
    }
}
