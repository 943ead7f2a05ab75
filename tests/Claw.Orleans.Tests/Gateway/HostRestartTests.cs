using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Gateway;

/// <summary>Each test here runs its own host, because it stops it or breaks its storage.</summary>
public sealed class HostRestartTests
{
    [Fact]
    public async Task A_registered_node_survives_a_restart_of_the_host_on_the_same_data_folder()
    {
        using var data = new TempDirectory();
        await using (var first = await ClawTestHost.StartAsync(data.Path))
        {
            using var client = first.CreateClient();
            (await client.PostJsonAsync("/api/v1/nodes", """{"id":"node-durable","name":"durable","capabilities":["rust"]}""")).EnsureSuccessStatusCode();
        }

        await using var second = await ClawTestHost.StartAsync(data.Path);
        using var again = second.CreateClient();
        var node = await (await again.GetAsync("/api/v1/nodes/node-durable")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("durable", node.GetProperty("name").GetString());
        Assert.Equal("rust", node.GetProperty("capabilities")[0].GetString());
    }

    [Fact]
    public async Task Readiness_is_503_naming_storage_while_the_database_file_is_gone_and_recovers()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        var file = Path.Combine(data.Path, "claw.db");
        File.Move(file, file + ".away");
        try
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = await ready.ReadJsonAsync();
            Assert.Equal("failing", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
            Assert.Equal("ok", body.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        }
        finally
        {
            File.Move(file + ".away", file);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
