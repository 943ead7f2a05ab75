using Claw.Abstractions;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>Creates the cluster's device key once and hands its seed to each silo's connections (read once per silo).</summary>
public sealed partial class DeviceGrain(
    [PersistentState("openclaw-device", OpenClawStorage.Name)] IPersistentState<DeviceState> state,
    TimeProvider time,
    ILogger<DeviceGrain> logger) : Grain, IOpenClawDeviceGrain
{
    public async Task<byte[]> GetSeedAsync()
    {
        if (state.State.Seed is null)
        {
            state.State.Seed = Convert.ToBase64String(DeviceIdentity.NewSeed());
            state.State.CreatedAt = time.GetUtcNow();
            await state.WriteStateAsync();
            using var identity = DeviceIdentity.FromSeed(Convert.FromBase64String(state.State.Seed));
            LogCreated(logger, identity.Id);
        }

        return Convert.FromBase64String(state.State.Seed);
    }

    [LoggerMessage(EventIds.OpenClawDeviceCreated, LogLevel.Information, "OpenClaw device key created: device id {DeviceId}")]
    private static partial void LogCreated(ILogger logger, string deviceId);
}
