using Claw.Abstractions.Callbacks;

namespace Claw.Gateway.Tasks;

/// <summary>One callback delivery of a task (<c>GET /tasks/{id}/callbacks</c>); the signing secret never appears.</summary>
public sealed record CallbackDeliveryResponse(
    string Id,
    string TaskId,
    string Event,
    string Url,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    int? LastStatusCode,
    string? LastError)
{
    public static CallbackDeliveryResponse From(CallbackDelivery d) =>
        new(d.Id, d.TaskId, d.Event, d.Url, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt, d.LastStatusCode, d.LastError);
}
