using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Nodes;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Nodes;

/// <summary>Body of <c>POST /nodes</c> (API.md).</summary>
public sealed record RegisterNodeRequest(
    string? Id,
    string? Name,
    List<string>? Capabilities,
    ResourcesBody? Resources,
    List<string>? Models,
    Dictionary<string, string>? Labels,
    string? PublicKey,
    int? MaxConcurrentTasks,
    string? SwarmId,
    JsonElement? Metadata,
    string? CapabilityToken = null) : IValidatable
{
    public const int MaxSlots = 1024;

    /// <summary>The ClawBot Coordinator's bound on a bot's name.</summary>
    public const int MaxNameLength = 255;

    public void Validate(ValidationErrors errors)
    {
        errors.Require(Id is null || Ids.IsValid(Id), "id", Ids.Rule)
            .Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= MaxNameLength, "name", $"Required, 1–{MaxNameLength} characters, not only spaces.")
            .Require(MaxConcurrentTasks is null or (>= 1 and <= MaxSlots), "max_concurrent_tasks", $"Between 1 and {MaxSlots}.")
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule)
            .Json("metadata", Metadata)
            .Require(PublicKey is null || IsEd25519PublicKey(PublicKey), "public_key", PublicKeyRule)
            .Require(CapabilityToken is null or { Length: > 0 and <= 8192 }, "capability_token", "A capability token (a JWT of at most 8192 characters).")
            .Require(CapabilityToken is null || Id is not null, "id", "Required with a capability_token: the node the token was issued for.");
        Strings.Check(errors, "capabilities", Capabilities);
        Strings.Check(errors, "models", Models);
        Strings.CheckLabels(errors, "labels", Labels);
        Resources?.Validate(errors, "resources");
    }

    public NodeRegistration ToRegistration() => new(
        Name!.Trim(),
        Capabilities?.ToImmutableArray() ?? [],
        Resources?.ToResources() ?? NodeResources.None,
        Models?.ToImmutableArray() ?? [],
        Labels?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty,
        PublicKey,
        MaxConcurrentTasks ?? 1,
        SwarmId,
        Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : null);

    public const string PublicKeyRule = "Must be an Ed25519 public key: its raw 32 bytes in base64url (or base64).";

    /// <summary>32 bytes in base64url or padded base64 (the node identity grain verifies the point itself).</summary>
    public static bool IsEd25519PublicKey(string? text)
    {
        if (text is not { Length: >= 43 and <= 44 })
        {
            return false;
        }

        var standard = text.Replace('-', '+').Replace('_', '/');
        Span<byte> bytes = stackalloc byte[64];
        return Convert.TryFromBase64String(standard.Length == 43 ? standard + "=" : standard, bytes, out var written) && written == 32;
    }
}
