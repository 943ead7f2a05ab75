using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>A key scoped to some queues submits a batch only when every item is in its scope; otherwise nothing is created.</summary>
[Collection(SecuredCollection.Name)]
public sealed class BatchScopeTests(SecuredFixture fixture)
{
    [Fact]
    public async Task A_scoped_key_s_batch_with_one_item_outside_its_queues_is_refused_403_and_creates_nothing()
    {
        var inside = ClawApi.NewId("in");
        var outside = ClawApi.NewId("out");
        using var scoped = fixture.Client(await fixture.KeyAsync("operator", $$""","queues":["{{inside}}"]"""));

        var refused = await scoped.PostJsonAsync("/api/v1/tasks/batch", $$"""{"tasks":[{"queue":"{{inside}}"},{"queue":"{{outside}}"}]}""");
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0, await CountAsync(inside));

        var accepted = await scoped.PostJsonAsync("/api/v1/tasks/batch", $$"""{"tasks":[{"queue":"{{inside}}"},{"queue":"{{inside}}"}]}""");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(2, await CountAsync(inside));
    }

    private async Task<int> CountAsync(string queue) =>
        (await (await fixture.Admin.GetAsync($"/api/v1/tasks?queue={queue}&limit=1")).EnsureSuccessStatusCode().ReadJsonAsync()).GetProperty("total").GetInt32();
}
