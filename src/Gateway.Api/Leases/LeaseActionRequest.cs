using System.Text.Json;

namespace Claw.Gateway.Leases;

/// <summary>Body of the lease calls: the token, and for complete/fail the outcome.</summary>
public sealed record LeaseActionRequest(string? Token, JsonElement? Result, string? Error, bool? Retriable);
