using System.Collections.Immutable;
using Claw.Abstractions.OpenClaw;
using Claw.Gateway.Validation;

namespace Claw.Gateway.OpenClaw;

/// <summary>Body of <c>POST /openclaw/gateways</c> (API.md); <c>queues</c> (default <c>["default"]</c>) is Claw's extension.</summary>
public sealed record RegisterGatewayRequest(
    string? Id,
    string? Name,
    string? Url,
    string? Token,
    string? AgentId,
    int? MaxConcurrentSessions,
    List<string>? Capabilities,
    Dictionary<string, string>? Labels,
    string? SwarmId,
    List<string>? Queues) : IValidatable
{
    public const int MaxSessions = 1024;

    public void Validate(ValidationErrors errors)
    {
        errors.Require(Id is null || Ids.IsValid(Id), "id", Ids.Rule)
            .Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 200, "name", "Required, at most 200 characters.")
            .Require(IsGatewayUrl(Url), "url", "Required: an absolute ws:// or wss:// URL, without user info or a query (the gateway's secret goes in token, which is never shown or logged).")
            .Require(Token is { Length: >= 1 and <= 1024 } && !Token.Any(char.IsControl), "token", "Required: 1–1024 printable characters.")
            .Require(AgentId is null || Ids.IsValid(AgentId), "agent_id", Ids.Rule)
            .Require(MaxConcurrentSessions is null or (>= 1 and <= MaxSessions), "max_concurrent_sessions", $"Between 1 and {MaxSessions}.")
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule)
            .Require(Queues is null || (Queues.Count is >= 1 and <= 64 && Queues.All(Validation.Queues.IsValid)), "queues", "1–64 queue names; " + Validation.Queues.Rule);
        Strings.Check(errors, "capabilities", Capabilities);
        Strings.CheckLabels(errors, "labels", Labels);
    }

    public GatewaySpec ToSpec(string? fingerprint) => new(
        Name!.Trim(),
        Url!,
        Token!,
        AgentId ?? "main",
        MaxConcurrentSessions ?? 4,
        Capabilities?.Distinct(StringComparer.Ordinal).ToImmutableArray() ?? [],
        Labels?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty,
        SwarmId,
        InstanceId: null,
        fingerprint,
        Queues?.Distinct(StringComparer.Ordinal).ToImmutableArray() ?? default);

    /// <summary>The URL is shown and logged, so it may carry no credential: no user info, no query.</summary>
    private static bool IsGatewayUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss" && !string.IsNullOrEmpty(uri.Host) && url!.Length <= 2048
        && uri.UserInfo.Length == 0 && uri.Query.Length == 0;
}
