using Claw.Abstractions.Tasks;

namespace Claw.Gateway.Tasks;

/// <summary>One timeline entry.</summary>
public sealed record TaskEventResponse(string Type, DateTimeOffset At, int Attempt, string? NodeId, string? LeaseId, string? CorrelationId, string? Detail)
{
    public static TaskEventResponse From(TaskEvent e) => new(e.Type, e.At, e.Attempt, e.NodeId, e.LeaseId, e.CorrelationId, e.Detail);
}
