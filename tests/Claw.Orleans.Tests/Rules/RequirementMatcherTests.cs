using System.Collections.Immutable;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class RequirementMatcherTests
{
    [Fact]
    public void A_task_without_requirements_runs_anywhere_outside_a_swarm()
    {
        Assert.True(RequirementMatcher.Matches(TaskRequirements.None, null, Node()));
        Assert.True(RequirementMatcher.Matches(TaskRequirements.None, null, Node(swarmId: "s1")));
    }

    [Fact]
    public void Every_required_capability_model_and_label_must_be_the_nodes()
    {
        var needs = TaskRequirements.None with
        {
            Capabilities = ["python", "gpu"],
            Models = ["m1"],
            Labels = new Dictionary<string, string> { ["zone"] = "eu" }.ToImmutableDictionary(),
        };
        var fits = Node(capabilities: ["gpu", "python", "rust"], models: ["m1", "m2"], labels: new() { ["zone"] = "eu", ["tier"] = "a" });
        Assert.True(RequirementMatcher.Matches(needs, null, fits));
        Assert.False(RequirementMatcher.Matches(needs, null, fits with { Capabilities = ["python"] }));
        Assert.False(RequirementMatcher.Matches(needs, null, fits with { Models = ["m2"] }));
        Assert.False(RequirementMatcher.Matches(needs, null, Node(capabilities: ["gpu", "python"], models: ["m1"], labels: new() { ["zone"] = "us" })));
        Assert.False(RequirementMatcher.Matches(needs, null, Node(capabilities: ["gpu", "python"], models: ["m1"])));
    }

    [Fact]
    public void Each_stated_resource_needs_at_least_as_much_declared_and_an_unstated_one_is_met()
    {
        var needs = TaskRequirements.None with { Resources = new NodeResources(CpuCores: 2, MemoryMb: 4096, GpuCount: 1) };
        Assert.True(RequirementMatcher.Matches(needs, null, Node(resources: new NodeResources(2, 4096, 1))));
        Assert.True(RequirementMatcher.Matches(needs, null, Node(resources: new NodeResources(8, 65536, 4, 24000, 1000))));
        Assert.False(RequirementMatcher.Matches(needs, null, Node(resources: new NodeResources(1.5, 4096, 1))));
        Assert.False(RequirementMatcher.Matches(needs, null, Node(resources: new NodeResources(2, 4096)))); // GPUs not declared
        Assert.True(RequirementMatcher.Matches(TaskRequirements.None, null, Node(resources: new NodeResources(GpuCount: 0))));
    }

    [Fact]
    public void A_swarms_task_runs_only_on_its_members()
    {
        Assert.True(RequirementMatcher.Matches(TaskRequirements.None, "s1", Node(swarmId: "s1")));
        Assert.False(RequirementMatcher.Matches(TaskRequirements.None, "s1", Node(swarmId: "s2")));
        Assert.False(RequirementMatcher.Matches(TaskRequirements.None, "s1", Node()));
    }
}
