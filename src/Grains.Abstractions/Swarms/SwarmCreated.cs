namespace Claw.Abstractions.Swarms;

[GenerateSerializer, Immutable, Alias("claw.swarm-created")]
public sealed record SwarmCreated([property: Id(0)] SwarmView Swarm, [property: Id(1)] bool Replayed);
