namespace Claw.Grains.Callbacks;

/// <summary>A delivery claimed for one attempt: the row's id, task, event, target, the task as it ended, and the attempts so far.</summary>
public sealed record DueDelivery(string Id, string TaskId, string Event, string Url, string TaskDocument, int Attempts, DateTimeOffset CreatedAt);
