using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>One Server-Sent Event: its id, its type, its data.</summary>
public sealed record SseEvent(string? Id, string Type, JsonElement Data)
{
    public long Seq => long.Parse(Id!, System.Globalization.CultureInfo.InvariantCulture);

    public string? TaskId => Data.TryGetProperty("task_id", out var task) ? task.GetString() : null;
}
