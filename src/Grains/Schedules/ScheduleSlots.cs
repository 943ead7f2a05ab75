using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Schedules;

/// <summary>
/// What one firing submits. The task id and the idempotency fingerprint are derived from the schedule (its id and
/// creation time, so a schedule deleted and created again under the same id never meets its predecessor's tasks) and
/// the scheduled time: firing a slot again, from a repeated tick, a timer racing the reminder, or a crash between the
/// submit and the schedule's write, lands on the same task grain, which answers the existing task as a replay.
/// </summary>
public static class ScheduleSlots
{
    public static string TaskId(string scheduleId, DateTimeOffset createdAt, DateTimeOffset slot) => ToUuid(Hash(scheduleId, createdAt, slot));

    public static string Fingerprint(string scheduleId, DateTimeOffset createdAt, DateTimeOffset slot) => "schedule:" + Convert.ToHexString(Hash(scheduleId, createdAt, slot));

    /// <summary>The template with the slot recorded in its metadata (<c>schedule_id</c>, <c>scheduled_for</c>).</summary>
    public static TaskSubmission Submission(TaskSubmission template, string scheduleId, DateTimeOffset createdAt, DateTimeOffset slot, bool manual, string correlationId)
    {
        var metadata = template.MetadataJson is { } json ? JsonNode.Parse(json)!.AsObject() : [];
        metadata["schedule_id"] = scheduleId;
        metadata["scheduled_for"] = Wire(slot);
        if (manual)
        {
            metadata["schedule_trigger"] = "manual";
        }

        return template with
        {
            MetadataJson = metadata.ToJsonString(),
            RunAt = null,
            CorrelationId = correlationId,
            IdempotencyFingerprint = Fingerprint(scheduleId, createdAt, slot),
        };
    }

    /// <summary>The API's timestamp form (UTC, milliseconds), which slots are exact in.</summary>
    public static string Wire(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static byte[] Hash(string scheduleId, DateTimeOffset createdAt, DateTimeOffset slot) => SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"schedule\n{scheduleId}\n{createdAt.ToUnixTimeMilliseconds()}\n{slot.ToUnixTimeMilliseconds()}")));

    private static string ToUuid(byte[] hash)
    {
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // RFC 4122 name-based layout, as the gateway derives ids from keys
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
