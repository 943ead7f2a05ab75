using Claw.Silo;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Claw.Tests.Cluster;

/// <summary>
/// Orleans would cache the location of up to a million grains per silo; a coordinator creates two grains per task, so
/// without a bound a long-running silo keeps hundreds of megabytes of finished tasks' locations.
/// </summary>
public sealed class DirectoryCacheTests
{
    [Theory]
    [InlineData(null, ClawSiloBuilderExtensions.DirectoryCacheSize)]
    [InlineData("1234", 1234)]
    public void The_grain_location_cache_is_bounded_and_configurable(string? configured, int expected)
    {
        using var data = new TempDirectory();
        var builder = Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?> { ["Claw:DataDirectory"] = data.Path };
        if (configured is not null)
        {
            settings["Claw:Directory:CacheSize"] = configured;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.AddClaw(builder.Configuration));
        using var host = builder.Build();

        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
        Assert.True(expected < new GrainDirectoryOptions().CacheSize); // smaller than Orleans' own default
    }
}
