using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Claw.Abstractions.Identity;
using Claw.Grains.Identity;
using NSec.Cryptography;

namespace Claw.Tests.Identity;

/// <summary>A test node's Ed25519 key: it signs challenges, results and rotations as API.md says a node does.</summary>
public sealed class NodeSigner : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key = Key.Create(Ed25519);

    public string PublicKey => Base64Url.EncodeToString(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    public string Sign(byte[] message) => Base64Url.EncodeToString(Ed25519.Sign(_key, message));

    public string SignConnect(string nodeId, JsonElement challenge) =>
        Sign(Encoding.UTF8.GetBytes($"claw-connect-v1|{nodeId}|{challenge.GetProperty("nonce").GetString()}|{challenge.GetProperty("ts").GetRawText()}"));

    /// <summary>The <c>signature</c> member of a result: <c>{ts, nonce, sig}</c> over the canonical JSON of the signed fields.</summary>
    public string SignatureJson(string taskId, string leaseId, int attempt, string member, string valueJson, long? ts = null, string? nonce = null)
    {
        ts ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        nonce ??= Guid.NewGuid().ToString("N");
        var sig = Sign(SignedTexts.Result(new ResultClaim(taskId, leaseId, attempt, member, valueJson, null, true), ts.Value, nonce));
        return $$"""{"ts":{{ts}},"nonce":"{{nonce}}","sig":"{{sig}}"}""";
    }

    public void Dispose() => _key.Dispose();
}
