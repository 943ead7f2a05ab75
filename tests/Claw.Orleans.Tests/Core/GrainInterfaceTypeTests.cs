using System.Reflection;
using Claw.Abstractions.Hosting;
using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;

namespace Claw.Tests.Core;

/// <summary>The cached grain interface identities are the ones Orleans itself would give, for every grain interface loaded.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GrainInterfaceTypeTests(GatewayFixture fixture)
{
    [Fact]
    public void The_cache_is_asked_first_and_answers_what_Orleans_would_for_every_grain_interface()
    {
        var services = fixture.Host.Services;
        var providers = services.GetServices<IGrainInterfaceTypeProvider>().ToList();
        var cache = Assert.IsType<CachedGrainInterfaceTypes>(providers[0]);
        var orleans = new GrainInterfaceTypeResolver(providers.Skip(1), services.GetRequiredService<TypeConverter>());
        var interfaces = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic).SelectMany(TypesOf)
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(ITaskGrain), interfaces);

        foreach (var type in interfaces.Where(t => !t.IsGenericType))
        {
            Assert.True(cache.TryGetGrainInterfaceType(type, out var cached), type.FullName);
            Assert.True(cache.TryGetGrainInterfaceType(type, out var again), type.FullName);
            var expected = orleans.GetGrainInterfaceType(type);
            Assert.Equal((expected, expected), (cached, again));
        }

        // Orleans completes a generic interface's identity with its type arguments; that stays Orleans' own work.
        Assert.False(cache.TryGetGrainInterfaceType(typeof(IGenericProbe<int>), out _));
        Assert.False(cache.TryGetGrainInterfaceType(typeof(IGenericProbe<>), out _));
    }

    public interface IGenericProbe<T> : IGrainWithStringKey;

    private static IEnumerable<Type> TypesOf(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
