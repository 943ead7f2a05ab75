using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>This silo's copy of the cluster's device identity, fetched from the device grain once.</summary>
public sealed class DeviceKeys(IGrainFactory grains) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DeviceIdentity? _identity;

    public async Task<DeviceIdentity> GetAsync(CancellationToken cancellationToken)
    {
        if (_identity is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            _identity ??= DeviceIdentity.FromSeed(await grains.GetGrain<IOpenClawDeviceGrain>(OpenClawNames.DeviceKey).GetSeedAsync());
            return _identity;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _identity?.Dispose();
        _gate.Dispose();
    }
}
