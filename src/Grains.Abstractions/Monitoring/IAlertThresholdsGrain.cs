namespace Claw.Abstractions.Monitoring;

/// <summary>The cluster's alert thresholds: one grain (key <see cref="Key"/>), its state in Orleans' ADO.NET grain storage.</summary>
[Alias("claw.IAlertThresholdsGrain")]
public interface IAlertThresholdsGrain : IGrainWithStringKey
{
    /// <summary>The one key; a word, not hex (string keys that read as hex collide in the ADO.NET storage).</summary>
    const string Key = "alert-thresholds";

    [Alias("get")]
    Task<StoredThresholds> GetAsync();

    /// <summary>Replaces the thresholds once they pass validation (else a <c>validation_failed</c> naming each field).</summary>
    [Alias("set")]
    Task<StoredThresholds> SetAsync(AlertThresholds thresholds);

    /// <summary>Back to the defaults.</summary>
    [Alias("reset")]
    Task<StoredThresholds> ResetAsync();
}
