using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Instances;
using Claw.Grains.OpenClaw;
using Claw.Grains.WireGuard;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Instances;

/// <summary>Hands out the instance ports of the configured range, lowest free first, written before answered.</summary>
public sealed class PortsGrain(
    [PersistentState("instance-ports", OpenClawStorage.Name)] IPersistentState<PortsState> state,
    IOptions<InstanceOptions> options) : Grain, IInstancePortsGrain
{
    private readonly PortRange _range = PortRange.Parse(options.Value.PortRange);

    public async Task<int> AllocateAsync(string instanceId, ImmutableArray<int> avoid)
    {
        if (state.State.Ports.TryGetValue(instanceId, out var held) && _range.Contains(held) && (avoid.IsDefault || !avoid.Contains(held)))
        {
            return held;
        }

        var used = state.State.Ports.Where(p => p.Key != instanceId).Select(p => p.Value - _range.First)
            .Concat(avoid.IsDefault ? [] : avoid.Select(p => p - _range.First)).ToHashSet();
        if (FreeSlots.Lowest(_range.Count, used) is not { } index)
        {
            throw ClawException.Conflict(ErrorCodes.PortsExhausted, $"Every port of {options.Value.PortRange} is taken; widen Claw:Instances:PortRange or destroy an instance.");
        }

        state.State.Ports[instanceId] = _range.First + index;
        await state.WriteStateAsync();
        return _range.First + index;
    }

    public async Task ReleaseAsync(string instanceId)
    {
        if (state.State.Ports.Remove(instanceId))
        {
            await state.WriteStateAsync();
        }
    }
}

[GenerateSerializer]
public sealed class PortsState
{
    [Id(0)] public Dictionary<string, int> Ports { get; set; } = new(StringComparer.Ordinal);
}
