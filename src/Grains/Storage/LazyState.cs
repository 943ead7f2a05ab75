using System.Globalization;
using Orleans.Storage;

namespace Claw.Grains.Storage;

/// <summary>
/// Grain state read when first needed instead of on activation. A grain that is being created (a submitted task, an
/// issued lease) skips the read: its first write is an insert that refuses an existing row, and only then is the row
/// read. Every other call reads first (<see cref="InvokeAsync"/>, the grain's call filter), so it sees the truth.
/// </summary>
public sealed class LazyState<T>(IGrainStorage storage, string stateName, GrainId grainId) : IPersistentState<T>
    where T : new()
{
    private readonly GrainState<T> _stored = new(new T());

    /// <summary>True once the state was read or written: memory then holds what storage holds.</summary>
    public bool IsLoaded { get; private set; }

    public T State
    {
        get => _stored.State!;
        set => _stored.State = value;
    }

    public string? Etag => _stored.ETag;

    public bool RecordExists => _stored.RecordExists;

    /// <summary>
    /// The owning grain's call filter: reads the state before any call but <paramref name="creatingMethod"/> (which
    /// writes first, see <see cref="TryCreateAsync"/>) unless memory holds it already, runs <paramref name="afterRead"/>
    /// when it did read (to arm what the stored state asks for), then the call.
    /// </summary>
    public async Task InvokeAsync(IIncomingGrainCallContext call, string creatingMethod, Action afterRead)
    {
        if (!IsLoaded && call.MethodName != creatingMethod)
        {
            await ReadStateAsync();
            afterRead();
        }

        await call.Invoke();
    }

    public async Task ReadStateAsync()
    {
        await storage.ReadStateAsync(stateName, grainId, _stored);
        IsLoaded = true;
    }

    /// <summary>
    /// Reads the state again when memory holds an older version of the row than <paramref name="storedVersion"/>, one
    /// a caller just read: another activation of the grain wrote since (a duplicate the directory allowed while a
    /// silo's death was being settled). Writes are safe without this (their version check fails); a decision taken
    /// without writing is not. True when it read.
    /// </summary>
    public async Task<bool> CatchUpAsync(long storedVersion)
    {
        if (!IsLoaded || HeldVersion() is not { } held || held >= storedVersion)
        {
            return false;
        }

        await ReadStateAsync();
        return true;
    }

    /// <summary>The row version memory holds (0: no row); null for a version that is not a number.</summary>
    private long? HeldVersion() =>
        _stored.ETag is null ? 0 : long.TryParse(_stored.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;

    public async Task WriteStateAsync()
    {
        await storage.WriteStateAsync(stateName, grainId, _stored);
        IsLoaded = true;
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearStateAsync(stateName, grainId, _stored);
        IsLoaded = true;
    }

    /// <summary>
    /// Writes the state of a grain that has not read it as a new row. False when the row exists already: then the
    /// stored state has replaced what memory held. Any other failure drops the activation, as a failed write does.
    /// </summary>
    public async Task<bool> TryCreateAsync(Grain grain)
    {
        if (IsLoaded)
        {
            throw new InvalidOperationException("TryCreateAsync is for a state that has not been read.");
        }

        try
        {
            await storage.WriteStateAsync(stateName, grainId, _stored);
            IsLoaded = true;
            return true;
        }
        catch (InconsistentStateException)
        {
            _stored.ETag = null;
            await ReadStateAsync();
            return false;
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
