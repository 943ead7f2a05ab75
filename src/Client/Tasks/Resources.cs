namespace Claw.Client.Tasks;

/// <summary>What a node offers, or a task needs (each number <c>&gt;=</c> to match).</summary>
public sealed record Resources(double? CpuCores = null, long? MemoryMb = null, int? GpuCount = null, long? GpuMemoryMb = null, long? StorageMb = null);
