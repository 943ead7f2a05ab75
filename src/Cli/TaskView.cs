using Claw.Client.Tasks;

namespace Claw.Cli;

/// <summary>How tasks read in a table.</summary>
internal static class TaskView
{
    public static void Print(Printer printer, ClawTask t) => printer.Fields(
        ("id", t.Id),
        ("status", t.Status),
        ("queue", t.Queue),
        ("type", t.Type),
        ("priority", t.Priority),
        ("attempt", $"{t.Attempt} of {t.MaxRetries + 1}"),
        ("node", t.NodeId),
        ("progress", t.Progress is { } p ? $"{p.Percent}% {p.Message}".TrimEnd() : null),
        ("workflow", t.WorkflowId),
        ("created", Printer.Time(t.CreatedAt)),
        ("completed", Printer.Time(t.CompletedAt)),
        ("error", t.ErrorCode is { } code ? $"{t.Error} ({code})" : t.Error),
        ("result", t.Result is { } r ? Printer.Json(r) : null));

    public static void PrintList(Printer printer, List<ClawTask> tasks) => printer.Table(
        ["id", "status", "queue", "type", "attempt", "node", "progress", "created"],
        tasks.Select(t => new[] { t.Id, t.Status, t.Queue, t.Type, Printer.Number(t.Attempt), t.NodeId, t.Progress is { } p ? $"{p.Percent}%" : "", Printer.Time(t.CreatedAt) }));
}
