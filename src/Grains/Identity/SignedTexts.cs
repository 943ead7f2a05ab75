using System.Text;
using System.Text.Json;
using Claw.Abstractions.Identity;

namespace Claw.Grains.Identity;

/// <summary>The exact bytes a node signs (API.md "Security"), written in one place for the server and the tests.</summary>
public static class SignedTexts
{
    /// <summary>The control channel's challenge answer: <c>claw-connect-v1|{node_id}|{nonce}|{ts}</c>.</summary>
    public static byte[] Connect(string nodeId, string nonce, string ts) => Encoding.UTF8.GetBytes($"claw-connect-v1|{nodeId}|{nonce}|{ts}");

    /// <summary>A key rotation, signed by the old key: <c>claw-rotate-v1|{node_id}|{new public_key}</c>.</summary>
    public static byte[] Rotate(string nodeId, string publicKey) => Encoding.UTF8.GetBytes($"claw-rotate-v1|{nodeId}|{publicKey}");

    /// <summary>The RFC 8785 canonical JSON of <c>{task_id, lease_id, attempt, result | error, ts, nonce}</c>.</summary>
    public static byte[] Result(ResultClaim claim, long ts, string nonce)
    {
        var text = new StringBuilder("{")
            .Append("\"task_id\":").Append(JsonSerializer.Serialize(claim.TaskId))
            .Append(",\"lease_id\":").Append(JsonSerializer.Serialize(claim.LeaseId))
            .Append(",\"attempt\":").Append(claim.Attempt)
            .Append(",\"").Append(claim.Member).Append("\":").Append(claim.ValueJson ?? "null")
            .Append(",\"ts\":").Append(ts)
            .Append(",\"nonce\":").Append(JsonSerializer.Serialize(nonce))
            .Append('}');
        return Encoding.UTF8.GetBytes(CanonicalJson.Serialize(text.ToString()));
    }
}
