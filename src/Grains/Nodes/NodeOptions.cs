namespace Claw.Grains.Nodes;

/// <summary>Configuration section <c>Claw:Nodes</c>.</summary>
public sealed class NodeOptions
{
    /// <summary>Silence after which a node is declared crashed (API.md <c>crash_after</c>).</summary>
    public TimeSpan CrashAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a slot held for a task being handed to the node stays held when the task never reports back (its silo
    /// died mid-way); a hand-off normally ends within one commit.
    /// </summary>
    public TimeSpan HandOffTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
