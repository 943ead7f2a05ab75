using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Json;

namespace Claw.Grains.Identity;

/// <summary>
/// The compact JWT form of a capability token: header <c>{"alg":"EdDSA","typ":"JWT","kid"}</c>, the grant as claims
/// (<c>iss</c>, <c>sub</c> = node, <c>jti</c>, <c>iat</c>, <c>exp</c>, <c>capabilities</c>, <c>data_scope</c>,
/// <c>limits</c>, <c>parent_jti</c>), and an Ed25519 signature of <c>header.payload</c>. Reading pins the algorithm
/// to EdDSA and the key to the cluster's: nothing else in a header is trusted.
/// </summary>
public static class CapabilityJwt
{
    public const string Issuer = "claw";
    public const int MaxTokenLength = 8 * 1024;

    public static string SigningInput(string kid, CapabilityGrant grant, DateTimeOffset issuedAt)
    {
        var header = new JsonObject { ["alg"] = "EdDSA", ["typ"] = "JWT", ["kid"] = kid };
        var limits = new JsonObject();
        if (grant.MaxConcurrentTasks is { } slots)
        {
            limits["max_concurrent_tasks"] = slots;
        }

        if (grant.MaxGpuMinutes is { } gpu)
        {
            limits["max_gpu_minutes"] = gpu;
        }

        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = grant.NodeId,
            ["jti"] = grant.Jti,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = grant.ExpiresAt.ToUnixTimeSeconds(),
            ["capabilities"] = new JsonArray([.. grant.Capabilities.Select(c => (JsonNode)c)]),
            ["data_scope"] = new JsonArray([.. grant.DataScope.Select(p => (JsonNode)p)]),
            ["limits"] = limits,
        };
        if (grant.ParentJti is { } parent)
        {
            claims["parent_jti"] = parent;
        }

        return Part(header) + "." + Part(claims);
    }

    /// <summary>
    /// The <c>jti</c> and <c>sub</c> of a token whose header pins EdDSA and <paramref name="kid"/> and whose signature the
    /// cluster key made; null for anything else (the caller answers one 401 for all of it).
    /// </summary>
    public static (string Jti, string NodeId)? Verify(string? token, string kid, string publicKey)
    {
        if (token is not { Length: > 0 and <= MaxTokenLength } || token.Split('.') is not [var header, var payload, var signature])
        {
            return null;
        }

        try
        {
            using var head = JsonDocument.Parse(Ed25519Keys.Decode64(header) ?? []);
            if (Claim(head.RootElement, "alg") != "EdDSA" || Claim(head.RootElement, "kid") != kid
                || !Ed25519Keys.Verify(publicKey, Encoding.ASCII.GetBytes(header + "." + payload), signature))
            {
                return null;
            }

            using var body = JsonDocument.Parse(Ed25519Keys.Decode64(payload) ?? []);
            return Claim(body.RootElement, "iss") == Issuer && Claim(body.RootElement, "jti") is { } jti && Claim(body.RootElement, "sub") is { } sub ? (jti, sub) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>jti</c> a token claims, before anything is verified: only to find the grain that verifies it.</summary>
    public static string? ClaimedJti(string? token)
    {
        if (token is not { Length: > 0 and <= MaxTokenLength } || token.Split('.') is not [_, var payload, _])
        {
            return null;
        }

        try
        {
            using var body = JsonDocument.Parse(Ed25519Keys.Decode64(payload) ?? []);
            return Claim(body.RootElement, "jti");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static ImmutableArray<string> Norm(ImmutableArray<string> values) => values.IsDefault ? [] : values;

    private static string? Claim(JsonElement root, string name) => JsonText.MemberOrNull(root, name);

    private static string Part(JsonObject json) => Ed25519Keys.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
