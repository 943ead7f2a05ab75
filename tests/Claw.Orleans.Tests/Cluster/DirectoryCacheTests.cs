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
    [Fact]
    public void By_default_the_grain_location_cache_is_far_smaller_than_orleans_own()
    {
        var cacheSize = CacheSizeOf(configured: null);
        Assert.Equal(ClawSiloBuilderExtensions.DirectoryCacheSize, cacheSize);
        Assert.True(cacheSize < new GrainDirectoryOptions().CacheSize, $"{cacheSize} is not below Orleans' default");
    }

    [Fact]
    public void The_grain_location_cache_size_is_configurable()
    {
        Assert.Equal(1234, CacheSizeOf(configured: "1234"));
        Assert.NotEqual(1234, ClawSiloBuilderExtensions.DirectoryCacheSize); // else the setting could be ignored unseen
    }

    private static int CacheSizeOf(string? configured)
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
        return host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize;
    }
}
