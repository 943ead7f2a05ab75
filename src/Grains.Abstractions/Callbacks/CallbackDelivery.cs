namespace Claw.Abstractions.Callbacks;

/// <summary>
/// One delivery a task owes its <c>callback_url</c> (<c>GET /tasks/{id}/callbacks</c>): <c>pending</c> (due at
/// <see cref="NextAttemptAt"/>), <c>delivered</c>, or <c>failed</c> once its retry window passed.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.callback-delivery")]
public sealed record CallbackDelivery(
    [property: Id(0)] string Id,
    [property: Id(1)] string TaskId,
    [property: Id(2)] string Event,
    [property: Id(3)] string Url,
    [property: Id(4)] string Status,
    [property: Id(5)] int Attempts,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? NextAttemptAt,
    [property: Id(8)] DateTimeOffset? DeliveredAt,
    [property: Id(9)] int? LastStatusCode,
    [property: Id(10)] string? LastError);
