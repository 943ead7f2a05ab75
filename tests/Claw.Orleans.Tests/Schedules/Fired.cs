using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Schedules;

/// <summary>A task a schedule fired: its id, the slot it was fired for, and its status.</summary>
public sealed record Fired(string TaskId, DateTimeOffset ScheduledFor, string Status, string ScheduleId)
{
    public static Fired From(JsonElement task)
    {
        var metadata = task.GetProperty("metadata");
        return new Fired(task.Str("id"), ScheduleClient.Time(metadata, "scheduled_for"), task.Str("status"), metadata.Str("schedule_id"));
    }

    /// <summary>Asserts one task per slot, slots one interval apart with none missing; answers the number of slots.</summary>
    public static int AssertContiguous(IReadOnlyList<Fired> fired, TimeSpan interval)
    {
        Assert.NotEmpty(fired);
        Assert.Equal(fired.Count, fired.Select(f => f.ScheduledFor).Distinct().Count());
        Assert.Equal(fired.Count, fired.Select(f => f.TaskId).Distinct().Count());
        for (var i = 1; i < fired.Count; i++)
        {
            Assert.True(fired[i].ScheduledFor - fired[i - 1].ScheduledFor == interval,
                $"slot {i} is {fired[i].ScheduledFor:O} after {fired[i - 1].ScheduledFor:O}: not one interval apart");
        }

        return fired.Count;
    }
}
