using System.Diagnostics.Metrics;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Tasks;

/// <summary>
/// The places this silo has for pending tasks in memory: at most <see cref="TaskOptions.MaxResidentPending"/> of them,
/// together at most <see cref="TaskOptions.MaxResidentPendingBytes"/>. A pending task only waits for a node, and a
/// node that takes it costs it one read; a hundred thousand of them in memory cost every other task the longer
/// collection pauses, and a few thousand large payloads cost the silo its memory.
/// </summary>
public sealed class PendingResidency
{
    /// <summary>What a small pending task costs in memory (its state, timeline and activation), measured.</summary>
    private const long BaseBytes = 3_500;

    private readonly int _limit;
    private readonly long _byteLimit;
    private int _held;
    private long _heldBytes;

    public PendingResidency(IOptions<TaskOptions> options, IMeterFactory meterFactory)
    {
        _limit = Math.Max(0, options.Value.MaxResidentPending);
        _byteLimit = Math.Max(0, options.Value.MaxResidentPendingBytes);
        var meter = meterFactory.Create(ClawMetrics.MeterName, ClawMetrics.Version);
        meter.CreateObservableGauge(
            "claw.tasks.pending.resident", () => Volatile.Read(ref _held), description: "Pending tasks this silo keeps in memory (up to Claw:Tasks:MaxResidentPending).");
        meter.CreateObservableGauge(
            "claw.tasks.pending.resident.bytes", () => Interlocked.Read(ref _heldBytes), unit: "By", description: "Estimated memory of the pending tasks this silo keeps (up to Claw:Tasks:MaxResidentPendingBytes).");
    }

    /// <summary>An estimate of a task's memory: its documents as .NET strings (two bytes a character) and the rest.</summary>
    public static long BytesOf(TaskState task) => BaseBytes + 2L * (
        (task.PayloadJson?.Length ?? 0) + (task.MetadataJson?.Length ?? 0) + (task.ResultJson?.Length ?? 0) + (task.Error?.Length ?? 0)
        + (task.Progress?.DataJson?.Length ?? 0) + task.Timeline.Sum(e => e.Detail?.Length ?? 0));

    /// <summary>Takes a place for a task of <paramref name="bytes"/>; false when the count or the byte budget is used up.</summary>
    public bool TryHold(long bytes)
    {
        var held = Interlocked.Increment(ref _held);
        var heldBytes = Interlocked.Add(ref _heldBytes, bytes);
        if (held <= _limit && heldBytes <= _byteLimit)
        {
            return true;
        }

        Release(bytes);
        return false;
    }

    public void Release(long bytes)
    {
        Interlocked.Decrement(ref _held);
        Interlocked.Add(ref _heldBytes, -bytes);
    }
}
