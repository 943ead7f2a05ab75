namespace Claw.Grains.Dispatch;

/// <summary>Keys of the queue-partition grains: <c>{queue}/{partition}</c>.</summary>
public static class QueueKeys
{
    public static string Key(string queue, int partition) => $"{queue}/{partition.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static (string Queue, int Partition) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], int.Parse(key.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
