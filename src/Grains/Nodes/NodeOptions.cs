namespace Claw.Grains.Nodes;

/// <summary>Configuration section <c>Claw:Nodes</c>.</summary>
public sealed class NodeOptions
{
    /// <summary>Silence after which a node is declared crashed (API.md <c>crash_after</c>).</summary>
    public TimeSpan CrashAfter { get; set; } = TimeSpan.FromSeconds(60);
}
