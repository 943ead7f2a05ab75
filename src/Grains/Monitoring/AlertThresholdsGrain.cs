using Claw.Abstractions.Errors;
using Claw.Abstractions.Monitoring;
using Claw.Grains.Storage;

namespace Claw.Grains.Monitoring;

/// <summary>
/// The cluster's alert thresholds, validated before they are written (Orleans' ADO.NET grain storage: a setting read
/// only by key). Read by every monitoring status, so any silo applies the same ones.
/// </summary>
public sealed partial class AlertThresholdsGrain(
    [PersistentState("thresholds", AdoNetGrainStorage.ProviderName)] IPersistentState<ThresholdsState> state,
    TimeProvider time,
    ILogger<AlertThresholdsGrain> logger) : Grain, IAlertThresholdsGrain
{
    public Task<StoredThresholds> GetAsync() => Task.FromResult(Stored());

    public async Task<StoredThresholds> SetAsync(AlertThresholds thresholds)
    {
        if (ThresholdRules.Errors(thresholds) is { Count: > 0 } errors)
        {
            throw ClawException.InvalidFields(errors);
        }

        state.State.Thresholds = thresholds;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(this);
        LogChanged(logger, "set", RequestContext.Get(CorrelationContext.Key) as string);
        return Stored();
    }

    public async Task<StoredThresholds> ResetAsync()
    {
        state.State.Thresholds = null;
        state.State.UpdatedAt = null;
        await state.WriteOrForgetAsync(this);
        LogChanged(logger, "reset to the defaults", RequestContext.Get(CorrelationContext.Key) as string);
        return Stored();
    }

    private StoredThresholds Stored() => new(state.State.Thresholds ?? AlertThresholds.Default, state.State.UpdatedAt);

    [LoggerMessage(EventIds.AlertThresholdsChanged, LogLevel.Information, "Alert thresholds {Change} [correlation {CorrelationId}]")]
    private static partial void LogChanged(ILogger logger, string change, string? correlationId);
}
