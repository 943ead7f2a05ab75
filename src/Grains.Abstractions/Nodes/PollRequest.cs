using System.Collections.Immutable;

namespace Claw.Abstractions.Nodes;

/// <summary><c>POST /nodes/{id}/poll</c>: which queues, how many tasks at most, how long to wait for work.</summary>
[GenerateSerializer, Immutable, Alias("claw.poll-request")]
public sealed record PollRequest(
    [property: Id(0)] ImmutableArray<string> Queues,
    [property: Id(1)] int MaxTasks,
    [property: Id(2)] TimeSpan Wait);
