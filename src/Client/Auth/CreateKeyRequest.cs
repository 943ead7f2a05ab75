namespace Claw.Client.Auth;

/// <summary>The body of <c>POST /auth/keys</c>; <see cref="Role"/> is <c>admin</c>, <c>operator</c>, <c>agent</c> or <c>reader</c>.</summary>
public sealed record CreateKeyRequest(
    string Name, string Role, IReadOnlyList<string>? SwarmIds = null, IReadOnlyList<string>? Queues = null, string? NodeId = null, DateTimeOffset? ExpiresAt = null);
