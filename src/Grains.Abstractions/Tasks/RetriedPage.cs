namespace Claw.Abstractions.Tasks;

/// <summary>One page of a bulk retry: the failed tasks it found, how many of them went back to pending, and where the next page starts.</summary>
[GenerateSerializer, Immutable, Alias("claw.retried-page")]
public sealed record RetriedPage(
    [property: Id(0)] int Found,
    [property: Id(1)] int Retried,
    [property: Id(2)] string? NextCursor);
