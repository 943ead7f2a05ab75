namespace Claw.Grains.Storage;

/// <summary>Orleans' own ADO.NET grain storage: for grains read only by key (settings such as the alert thresholds).</summary>
public static class AdoNetGrainStorage
{
    /// <summary>The provider name grains use in <c>[PersistentState(..., ProviderName)]</c>.</summary>
    public const string ProviderName = "orleans";
}
