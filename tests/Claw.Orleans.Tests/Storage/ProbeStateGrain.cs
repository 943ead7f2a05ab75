using Claw.Silo;
using Microsoft.Extensions.DependencyInjection;

namespace Claw.Tests.Storage;

public sealed class ProbeStateGrain([PersistentState("probe", ClawSiloBuilderExtensions.AdoNetStorageName)] IPersistentState<ProbeState> state)
    : Grain, IProbeStateGrain
{
    public async Task<int> WriteAsync(int value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
        return value;
    }

    public async Task<(int Value, bool Exists)> ReadAsync()
    {
        await state.ReadStateAsync();
        return (state.State.Value, state.RecordExists);
    }

    public Task ClearAsync() => state.ClearStateAsync();

    public async Task<bool> StaleWriteIsRefusedAsync()
    {
        var staleEtag = state.Etag;
        state.State.Value++;
        await state.WriteStateAsync();

        // Write as a second activation that read before that write would: with the old version.
        var storage = ServiceProvider.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(ClawSiloBuilderExtensions.AdoNetStorageName);
        try
        {
            await storage.WriteStateAsync("probe", this.GetGrainId(), new GrainState<ProbeState>(new ProbeState { Value = -1 }, staleEtag));
            return false;
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            return true;
        }
    }
}
