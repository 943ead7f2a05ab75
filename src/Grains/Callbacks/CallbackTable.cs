using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;

namespace Claw.Grains.Callbacks;

/// <summary>
/// <c>claw_callbacks</c>: one row per delivery a task owes its <c>callback_url</c>, inserted in the transaction that
/// ends the task (so a delivery is never lost and never owed for a change that did not commit), then worked off by
/// the <see cref="CallbackSender"/> of any silo. <c>doc</c> is the task as it ended; the body is built from it.
/// </summary>
public static class CallbackTable
{
    public const string Name = "claw_callbacks";

    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public static readonly CompanionTable Companion = new(
        Name,
        new("id"),
        new("task_id"),
        new("event"),
        new("url"),
        new("doc", CompanionType.Json),
        new("status"),
        new("attempts", CompanionType.Integer),
        new("created_at", CompanionType.Integer),
        new("next_attempt_at", CompanionType.Integer),
        new("updated_at", CompanionType.Integer));

    private static readonly HashSet<string> Terminal = [.. Enum.GetValues<ClawTaskStatus>().Where(s => s.IsTerminal()).Select(s => s.Wire())];

    /// <summary>True when a write takes the task from a status that had not ended (or from no row) to one that has.</summary>
    public static bool IsOwed(string? storedStatus, ClawTaskStatus status) =>
        status.IsTerminal() && (storedStatus is null || !Terminal.Contains(storedStatus));

    /// <summary>A new pending delivery of <paramref name="eventType"/> for the task whose document is <paramref name="taskDocument"/>, due at once.</summary>
    public static CompanionRows Row(string taskId, string url, string eventType, string taskDocument, DateTimeOffset at)
    {
        var now = at.ToUnixTimeMilliseconds();
        return Companion.Rows([[Guid.NewGuid().ToString("N"), taskId, eventType, url, taskDocument, Pending, 0L, now, now, now]]);
    }
}
