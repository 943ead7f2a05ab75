namespace Claw.Tests.Storage;

/// <summary>A test grain on Orleans' own ADO.NET grain storage, so its SQL (ours) is exercised for real.</summary>
public interface IProbeStateGrain : IGrainWithStringKey
{
    Task<int> WriteAsync(int value);

    Task<(int Value, bool Exists)> ReadAsync();

    Task ClearAsync();

    /// <summary>Writes from a stale copy of the state; the version check must refuse it.</summary>
    Task<bool> StaleWriteIsRefusedAsync();
}
