using System.Collections.Immutable;

namespace Claw.Abstractions.Queues;

/// <summary>A submit the queue accepted, with the queue's defaults the new task takes on.</summary>
[GenerateSerializer, Immutable, Alias("claw.admission")]
public sealed record Admission(
    [property: Id(0)] int? DefaultTtlSeconds,
    [property: Id(1)] ImmutableArray<string> NonRetriableCodes,
    [property: Id(2)] int? MaxConcurrent);
