using Claw.Abstractions.Nodes;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Nodes;

/// <summary>Numeric resources as they travel on the wire; each must be non-negative.</summary>
public sealed record ResourcesBody(double? CpuCores, long? MemoryMb, int? GpuCount, long? GpuMemoryMb, long? StorageMb)
{
    public void Validate(ValidationErrors errors, string field) => errors
        .Require(CpuCores is null || (double.IsFinite(CpuCores.Value) && CpuCores >= 0), $"{field}.cpu_cores", "A finite number >= 0.")
        .Require(MemoryMb is null or >= 0, $"{field}.memory_mb", "Must be >= 0.")
        .Require(GpuCount is null or >= 0, $"{field}.gpu_count", "Must be >= 0.")
        .Require(GpuMemoryMb is null or >= 0, $"{field}.gpu_memory_mb", "Must be >= 0.")
        .Require(StorageMb is null or >= 0, $"{field}.storage_mb", "Must be >= 0.");

    public NodeResources ToResources() => new(CpuCores, MemoryMb, GpuCount, GpuMemoryMb, StorageMb);

    public static ResourcesBody From(NodeResources r) => new(r.CpuCores, r.MemoryMb, r.GpuCount, r.GpuMemoryMb, r.StorageMb);
}
