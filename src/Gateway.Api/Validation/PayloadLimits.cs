using Claw.Abstractions.Json;

namespace Claw.Gateway.Validation;

/// <summary>
/// <c>Claw:Tasks:MaxPayloadBytes</c>: the largest JSON document one field of a request or frame may carry (a task's
/// payload, result, metadata or progress data; a node's, swarm's, workflow's or schedule's metadata). It bounds what
/// one task costs in memory and in every answer that lists it; a larger one is refused with 413 naming the field.
/// </summary>
public sealed class PayloadLimits
{
    public static readonly PayloadLimits Default = new();

    public int MaxPayloadBytes { get; set; } = JsonLimits.DefaultMaxDocumentBytes;

    /// <summary><c>Claw:Tasks:MaxBatchBytes</c>: the largest body of <c>POST /tasks/batch</c> (413 <c>payload_too_large</c> beyond it).</summary>
    public long MaxBatchBytes { get; set; } = 16 * 1024 * 1024;
}
