namespace Claw.Client.Tasks;

/// <summary>One delivery a task's terminal state owed its <c>callback_url</c> (<c>GET /tasks/{id}/callbacks</c>).</summary>
public sealed record CallbackDelivery(
    string Id, string TaskId, string Event, string Url, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError);
