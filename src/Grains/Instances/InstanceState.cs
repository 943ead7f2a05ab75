using Claw.Abstractions.Instances;

namespace Claw.Grains.Instances;

/// <summary>
/// A managed instance's durable record (Orleans' ADO.NET grain storage): what was asked (spec, whether it should run,
/// its version), what it was given (port, token), and what happened (status, restarts, last error). The token and the
/// model key are kept to write the config file; never shown.
/// </summary>
[GenerateSerializer]
public sealed class InstanceState
{
    [Id(0)] public string? Name { get; set; }

    [Id(1)] public InstanceStatus Status { get; set; }

    [Id(2)] public int Port { get; set; }

    [Id(3)] public string Token { get; set; } = "";

    [Id(4)] public string? Version { get; set; }

    [Id(5)] public int Restarts { get; set; }

    [Id(6)] public string? LastError { get; set; }

    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether the process should run: false after stop and destroy.</summary>
    [Id(8)] public bool ShouldRun { get; set; }

    /// <summary>The version the launcher's <c>{version}</c> stands for (changed by upgrade).</summary>
    [Id(9)] public string? TargetVersion { get; set; }

    /// <summary>Launches in a row that died before getting ready.</summary>
    [Id(10)] public int FailedStarts { get; set; }

    [Id(11)] public double? StartupSeconds { get; set; }

    /// <summary>The process last started, and where: a silo that died may leave it behind (it would hold the port).</summary>
    [Id(12)] public int? Pid { get; set; }

    [Id(13)] public string? Silo { get; set; }

    [Id(14)] public DateTimeOffset? ReadyAt { get; set; }

    [Id(15)] public int MaxConcurrentSessions { get; set; }

    [Id(16)] public Dictionary<string, string> Labels { get; set; } = [];

    [Id(17)] public string? SwarmId { get; set; }

    [Id(18)] public string? IdempotencyFingerprint { get; set; }

    /// <summary>The model provider, flat (the ADO.NET storage's JSON needs plain members); the api key is a secret.</summary>
    [Id(19)] public string? ModelBaseUrl { get; set; }

    [Id(20)] public string? ModelApi { get; set; }

    [Id(21)] public string? Model { get; set; }

    [Id(22)] public string? ModelApiKey { get; set; }

    public bool Exists => Name is not null;

    public void Apply(InstanceSpec spec)
    {
        Name = spec.Name;
        MaxConcurrentSessions = spec.MaxConcurrentSessions;
        Labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal);
        SwarmId = spec.SwarmId;
        IdempotencyFingerprint = spec.IdempotencyFingerprint;
        ModelBaseUrl = spec.ModelProvider?.BaseUrl;
        ModelApi = spec.ModelProvider?.Api;
        Model = spec.ModelProvider?.Model;
        ModelApiKey = spec.ModelProvider?.ApiKey;
    }

    public ModelProvider? ModelProvider => ModelBaseUrl is null ? null : new ModelProvider(ModelBaseUrl, ModelApi ?? "openai-completions", Model ?? "", ModelApiKey);
}
