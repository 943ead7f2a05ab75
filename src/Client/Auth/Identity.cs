namespace Claw.Client.Auth;

/// <summary><c>GET /auth/me</c>: who the credentials act as (<see cref="Kind"/>: <c>anonymous</c>, <c>api_key</c>, <c>jwt</c>).</summary>
public sealed record Identity(string Principal, string Role, IReadOnlyList<string> SwarmIds, IReadOnlyList<string> Queues, string? NodeId, string Kind);
