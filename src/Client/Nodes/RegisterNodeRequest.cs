using System.Text.Json;
using Claw.Client.Tasks;

namespace Claw.Client.Nodes;

/// <summary>The body of <c>POST /nodes</c>; give <see cref="Id"/> to register (again) under a known id.</summary>
public sealed record RegisterNodeRequest
{
    public string? Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string>? Capabilities { get; init; }
    public Resources? Resources { get; init; }
    public IReadOnlyList<string>? Models { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? PublicKey { get; init; }
    public int? MaxConcurrentTasks { get; init; }
    public string? SwarmId { get; init; }
    public JsonElement? Metadata { get; init; }
}
