using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// What a final <c>agent</c> answer means for the task: <c>status: ok</c> completes it with
/// <c>{text, run_id, session_key, stop_reason, usage}</c>; any other status fails it with the gateway's words.
/// </summary>
public sealed record AgentOutcome(bool Completed, string? ResultJson, string? ErrorCode, string? Error, bool Retriable)
{
    public static AgentOutcome From(JsonElement final, string runId, string? sessionKey, string? stopReason)
    {
        var status = final.Str("status") ?? "unknown";
        if (status != "ok")
        {
            var summary = final.Str("summary") ?? final.Str("error") ?? (final.Prop("error") ?? default).Str("message");
            var code = status.ToUpperInvariant();
            return new AgentOutcome(false, null, code, $"{code}: the agent turn ended '{status}'{(summary is null ? "" : $" ({summary})")}", Retriable: true);
        }

        var result = final.Prop("result") ?? default;
        var texts = (result.Prop("payloads") is { ValueKind: JsonValueKind.Array } payloads ? payloads.EnumerateArray() : default)
            .Select(p => p.Str("text")).OfType<string>();
        var meta = (result.Prop("meta") ?? default).Prop("agentMeta") ?? default;
        var json = new JsonObject
        {
            ["text"] = string.Join("\n\n", texts),
            ["run_id"] = final.Str("runId") ?? runId,
            ["session_key"] = sessionKey,
            ["stop_reason"] = stopReason ?? final.Str("stopReason") ?? "stop",
            ["usage"] = meta.Prop("usage") is { } usage ? JsonNode.Parse(usage.GetRawText()) : null,
            ["provider"] = meta.Str("provider"),
            ["model"] = meta.Str("model"),
        };
        return new AgentOutcome(true, json.ToJsonString(), null, null, false);
    }

    /// <summary>The gateway refused the request: its code and message, retriable as it says.</summary>
    public static AgentOutcome Refused(GatewayRefusedException refused) =>
        new(false, null, refused.Code, $"{refused.Code}: {refused.Message}", refused.Retryable);
}
