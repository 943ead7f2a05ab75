using System.Collections.Immutable;

namespace Claw.Abstractions.Queries;

/// <summary>One page of a list; <see cref="NextCursor"/> is opaque and absent on the last page.</summary>
[GenerateSerializer, Immutable, Alias("claw.page")]
public sealed record Page<T>([property: Id(0)] ImmutableArray<T> Items, [property: Id(1)] string? NextCursor);
