using System.Collections.Immutable;
using Claw.Abstractions.Instances;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Instances;

/// <summary>Body of <c>POST /instances</c> (API.md).</summary>
public sealed record CreateInstanceRequest(
    string? Name,
    ModelProviderBody? ModelProvider,
    int? MaxConcurrentSessions,
    Dictionary<string, string>? Labels,
    string? SwarmId) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 200, "name", "Required, at most 200 characters.")
            .Require(MaxConcurrentSessions is null or (>= 1 and <= 64), "max_concurrent_sessions", "Between 1 and 64.")
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule);
        Strings.CheckLabels(errors, "labels", Labels);
        ModelProvider?.Validate(errors.Under("model_provider."));
    }

    public InstanceSpec ToSpec(string? fingerprint) => new(
        Name!.Trim(),
        ModelProvider?.ToProvider(),
        MaxConcurrentSessions ?? 4,
        Labels?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty,
        SwarmId,
        fingerprint);
}

/// <summary>The OpenAI-compatible server an instance's agents call; <c>api</c> is OpenClaw's provider api name.</summary>
public sealed record ModelProviderBody(string? BaseUrl, string? Api, string? Model, string? ApiKey)
{
    public static readonly string[] Apis = ["openai-completions", "openai-responses"];

    public void Validate(ValidationErrors errors) => errors
        .Require(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && BaseUrl!.Length <= 2048, "base_url", "Required: an absolute http:// or https:// URL.")
        .Require(Api is null || Apis.Contains(Api), "api", "One of: " + string.Join(", ", Apis) + ".")
        .Require(Model is { Length: >= 1 and <= 200 } && !Model.Any(c => char.IsControl(c) || c == '/'), "model", "Required: 1–200 characters, no '/'.")
        .Require(ApiKey is null || (ApiKey.Length is >= 1 and <= 1024 && !ApiKey.Any(char.IsControl)), "api_key", "1–1024 printable characters.");

    public ModelProvider ToProvider() => new(BaseUrl!.TrimEnd('/'), Api ?? Apis[0], Model!, ApiKey);
}
