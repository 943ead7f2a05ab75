namespace Claw.Client.Auth;

/// <summary>An API key's record; <see cref="Key"/> (the secret, <c>claw_{id}_{secret}</c>) only in the answer that created it.</summary>
public sealed record ApiKey(
    string Id, string Name, string Role, IReadOnlyList<string> SwarmIds, IReadOnlyList<string> Queues, string? NodeId,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string CreatedBy, string? Key);
