using System.Text.Json;

namespace Claw.Tests.ClawBot;

/// <summary>The ClawBot Coordinator's response shapes (its Pydantic schemas), which Claw answers with its own fields beside.</summary>
internal static class ClawBotShapes
{
    public static readonly string[] BotFields = ["id", "name", "capabilities", "status", "last_seen", "metadata", "created_at", "updated_at"];

    public static readonly string[] TaskFields =
        ["id", "workflow_id", "bot_id", "status", "payload", "result", "timeout_seconds", "created_at", "assigned_at", "started_at", "completed_at", "updated_at"];

    public static readonly string[] TaskStatusUpdate = ["task_id", "status", "message"];

    public static readonly string[] WorkflowFields =
        ["id", "name", "description", "status", "task_ids", "metadata", "created_at", "started_at", "completed_at", "updated_at"];

    public static readonly string[] ListPage = ["items", "total", "skip", "limit"];

    public static readonly string[] Heartbeat = ["bot_id", "status", "last_seen", "message"];

    /// <summary>Asserts <paramref name="value"/> is an object carrying every one of <paramref name="fields"/>.</summary>
    public static JsonElement Has(JsonElement value, params string[][] fields)
    {
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        foreach (var name in fields.SelectMany(f => f))
        {
            Assert.True(value.TryGetProperty(name, out _), $"missing '{name}' in {value}");
        }

        return value;
    }

    /// <summary>Asserts <paramref name="value"/> is a bare JSON array (not an envelope) and returns its items.</summary>
    public static List<JsonElement> Array(JsonElement value)
    {
        Assert.Equal(JsonValueKind.Array, value.ValueKind);
        return [.. value.EnumerateArray()];
    }
}
