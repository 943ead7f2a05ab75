using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>The cluster-wide timeline and event stream name who caused a task's change, as the task's own timeline does.</summary>
[Collection(SecuredCollection.Name)]
public sealed class EventPrincipalTests(SecuredFixture fixture)
{
    [Fact]
    public async Task A_task_cancelled_with_an_operator_key_names_that_key_in_the_cluster_wide_timeline()
    {
        var submitterKey = await fixture.KeyAsync("operator");
        var cancellerKey = await fixture.KeyAsync("operator");
        using var submitter = fixture.Client(submitterKey);
        using var canceller = fixture.Client(cancellerKey);
        var task = (await new ClawApi(submitter).SubmitAsync(ClawApi.NewId("by"))).Str("id");
        (await canceller.PostJsonAsync($"/api/v1/tasks/{task}/cancel", """{"reason":"not needed"}""")).EnsureSuccessStatusCode();

        var page = await (await fixture.Admin.GetAsync($"/api/v1/swarm/timeline?task_id={task}")).EnsureSuccessStatusCode().ReadJsonAsync();
        var events = page.GetProperty("items").EnumerateArray().ToDictionary(e => e.Str("type"), e => e.GetProperty("data"));
        Assert.Equal($"key:{cancellerKey[5..21]}", events["task.cancelled"].Str("by"));
        Assert.Equal($"key:{submitterKey[5..21]}", events["task.created"].Str("by"));

        var own = await (await fixture.Admin.GetAsync($"/api/v1/tasks/{task}/timeline")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(own.EnumerateArray().Single(e => e.Str("type") == "cancelled").Str("by"), events["task.cancelled"].Str("by"));
    }
}
