namespace Claw.Grains.Storage;

/// <summary>One column of a companion table: its name and how its values travel (text, a 64-bit integer, or JSON text).</summary>
public sealed record CompanionColumn(string Name, CompanionType Type = CompanionType.Text);
