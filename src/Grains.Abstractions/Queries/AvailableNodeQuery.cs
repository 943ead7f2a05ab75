using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Queries;

/// <summary>
/// <c>GET /nodes/available</c>: online nodes with a free slot that meet <see cref="Requirements"/> (as dispatch
/// matches them), at most <see cref="Limit"/>, oldest registration first.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.available-node-query")]
public sealed record AvailableNodeQuery(
    [property: Id(0)] TaskRequirements Requirements,
    [property: Id(1)] int Limit);
