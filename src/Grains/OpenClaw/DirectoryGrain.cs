using System.Collections.Immutable;
using Claw.Abstractions.Instances;
using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.WireGuard;
using Claw.Grains.WireGuard;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The list of gateways and instances, changed only when one is created or removed. <see cref="StatusAsync"/> reads
/// each record in parallel (a failing one is left out, not fatal) and the pool's figures.
/// </summary>
public sealed class DirectoryGrain(
    [PersistentState("openclaw-directory", OpenClawStorage.Name)] IPersistentState<DirectoryState> state,
    TimeProvider time) : Grain, IOpenClawDirectoryGrain
{
    public async Task AddAsync(OpenClawEntry entry)
    {
        if (state.State.Of(entry.Kind).Add(entry.Id))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(OpenClawEntry entry)
    {
        if (state.State.Of(entry.Kind).Remove(entry.Id))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<OpenClawEntry>> ListAsync() => Task.FromResult(Entries().ToImmutableArray());

    public async Task<OpenClawStatus> StatusAsync()
    {
        var gateways = Task.WhenAll(state.State.Gateways.Select(id => Read(() => GrainFactory.GetGrain<IOpenClawGatewayGrain>(id).GetAsync())));
        var instances = Task.WhenAll(state.State.Instances.Select(id => Read(() => GrainFactory.GetGrain<IInstanceGrain>(id).GetAsync())));
        var pool = GrainFactory.GetGrain<IWireGuardPoolGrain>(IWireGuardPoolGrain.Key).StatsAsync();
        return new OpenClawStatus(
            [.. (await gateways).OfType<GatewayView>().OrderBy(g => g.Id, StringComparer.Ordinal)],
            [.. (await instances).OfType<InstanceView>().OrderBy(i => i.Id, StringComparer.Ordinal)],
            await pool,
            time.GetUtcNow());
    }

    private IEnumerable<OpenClawEntry> Entries() =>
        state.State.Gateways.Order(StringComparer.Ordinal).Select(id => new OpenClawEntry(OpenClawEntryKind.Gateway, id))
            .Concat(state.State.Instances.Order(StringComparer.Ordinal).Select(id => new OpenClawEntry(OpenClawEntryKind.Instance, id)));

    private static async Task<T?> Read<T>(Func<Task<T?>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            return null; // one unreachable record does not hide the others
        }
    }
}
