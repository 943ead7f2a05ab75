using System.Text.Json;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The payload of an <c>openclaw.agent</c> task: <c>{message, session_key?, agent_id?, timeout_seconds?}</c>.
/// <see cref="Parse"/> answers null and a reason for anything else, so a bad task fails once instead of retrying.
/// </summary>
public sealed record AgentPayload(string Message, string? SessionKey, string? AgentId, int? TimeoutSeconds)
{
    public const int MaxSessionKeyLength = 256;

    public static AgentPayload? Parse(string? json, out string? error)
    {
        error = null;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrEmpty(json) ? "null" : json);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            error = "the payload is not JSON";
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || root.Str("message") is not { Length: > 0 } message)
        {
            error = "payload.message (a non-empty string) is required";
            return null;
        }

        var sessionKey = root.Str("session_key");
        var agentId = root.Str("agent_id");
        var timeout = root.Int("timeout_seconds");
        error = sessionKey is { Length: 0 or > MaxSessionKeyLength } ? $"payload.session_key must be 1–{MaxSessionKeyLength} characters"
            : sessionKey is not null && sessionKey.Any(char.IsControl) ? "payload.session_key must not hold control characters"
            : agentId is { Length: 0 or > 128 } ? "payload.agent_id must be 1–128 characters"
            : timeout is not null and not (>= 1 and <= 86_400) ? "payload.timeout_seconds must be 1–86400"
            : null;
        return error is null ? new AgentPayload(message, sessionKey, agentId, timeout) : null;
    }

    /// <summary>
    /// The gateway's session key for a Claw session key: OpenClaw keys are <c>agent:{agent}:{rest}</c>, so a key that
    /// is one already is used as it is, and any other lives under <c>agent:{agent}:claw:</c>.
    /// </summary>
    public static string GatewaySessionKey(string agentId, string sessionKey) =>
        sessionKey.StartsWith("agent:", StringComparison.Ordinal) ? sessionKey : $"agent:{agentId}:claw:{sessionKey}";

    /// <summary>
    /// The gateway session of a turn without a session: one of its own per attempt. (Sent without a session key but with
    /// an agent id, a turn would land in the agent's main session, <c>agent:{agent}:main</c>, shared by all such turns.)
    /// </summary>
    public static string OwnSessionKey(string agentId, string taskId, int attempt) =>
        $"agent:{agentId}:claw-task:{taskId}:{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
