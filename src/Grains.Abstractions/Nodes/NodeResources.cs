namespace Claw.Abstractions.Nodes;

/// <summary>Numeric resources a node offers or a task requires; a task matches when each is <c>&gt;=</c>.</summary>
[GenerateSerializer, Immutable, Alias("claw.node-resources")]
public sealed record NodeResources(
    [property: Id(0)] double? CpuCores = null,
    [property: Id(1)] long? MemoryMb = null,
    [property: Id(2)] int? GpuCount = null,
    [property: Id(3)] long? GpuMemoryMb = null,
    [property: Id(4)] long? StorageMb = null)
{
    public static readonly NodeResources None = new();
}
