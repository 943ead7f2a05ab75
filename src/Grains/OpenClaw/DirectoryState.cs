using Claw.Abstractions.OpenClaw;

namespace Claw.Grains.OpenClaw;

/// <summary>The ids of the registered gateways and managed instances.</summary>
[GenerateSerializer]
public sealed class DirectoryState
{
    [Id(0)] public HashSet<string> Gateways { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public HashSet<string> Instances { get; set; } = new(StringComparer.Ordinal);

    public HashSet<string> Of(OpenClawEntryKind kind) => kind == OpenClawEntryKind.Gateway ? Gateways : Instances;
}
