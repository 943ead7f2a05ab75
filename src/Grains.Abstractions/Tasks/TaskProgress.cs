namespace Claw.Abstractions.Tasks;

/// <summary>The last progress report of the holder.</summary>
[GenerateSerializer, Immutable, Alias("claw.task-progress")]
public sealed record TaskProgress([property: Id(0)] int Percent, [property: Id(1)] string? Message, [property: Id(2)] string? DataJson, [property: Id(3)] DateTimeOffset At);
