namespace Claw.Tests.Cluster.History;

/// <summary>The concurrency keys of a kill run, named after its queue so runs sharing a database do not meet.</summary>
public static class KillRunKeys
{
    public static string Key(string queue, int index) => $"{queue}-key{index}";

    public static string Prefix(string queue) => $"{queue}-key";
}
