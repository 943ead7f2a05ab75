namespace Claw.Grains.Instances;

/// <summary>A port range written <c>first-last</c> (both included), within 1024–65535.</summary>
public sealed record PortRange(int First, int Last)
{
    public int Count => Last - First + 1;

    public bool Contains(int port) => port >= First && port <= Last;

    public static PortRange Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        return parts.Length == 2 && int.TryParse(parts[0], out var first) && int.TryParse(parts[1], out var last) && first is >= 1024 and <= 65535 && last >= first && last <= 65535
            ? new PortRange(first, last)
            : throw new FormatException($"Claw:Instances:PortRange '{text}' is not a range like 18800-18999 within 1024-65535.");
    }
}
