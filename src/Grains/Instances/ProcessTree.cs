using System.Runtime.InteropServices;

namespace Claw.Grains.Instances;

/// <summary>
/// A child process and its descendants, read from <c>/proc</c>: SIGTERM for a graceful stop (.NET's Kill is SIGKILL),
/// and the resident memory of the whole tree (the gateway runs two helper processes beside its main one).
/// </summary>
public static class ProcessTree
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>Asks the process to stop; false when it is gone or this is not Linux.</summary>
    public static bool Terminate(int pid) => OperatingSystem.IsLinux() && Kill(pid, SigTerm) == 0;

    /// <summary>SIGKILL; false when it is gone.</summary>
    public static bool Kill(int pid) => OperatingSystem.IsLinux() && Kill(pid, SigKill) == 0;

    /// <summary>Whether <paramref name="pid"/> is alive and has <paramref name="environmentEntry"/> (<c>KEY=value</c>) in its environment.</summary>
    public static bool Runs(int pid, string environmentEntry)
    {
        try
        {
            return OperatingSystem.IsLinux() && File.ReadAllText($"/proc/{pid}/environ").Split('\0').Contains(environmentEntry, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The process and every descendant alive now.</summary>
    public static List<int> Members(int pid)
    {
        var children = ParentsByChild().GroupBy(p => p.Value, p => p.Key).ToDictionary(g => g.Key, g => g.ToList());
        var members = new List<int>();
        var next = new Stack<int>([pid]);
        while (next.TryPop(out var current) && members.Count < 10_000)
        {
            members.Add(current);
            foreach (var child in children.GetValueOrDefault(current) ?? [])
            {
                next.Push(child);
            }
        }

        return members;
    }

    /// <summary>Resident memory of the tree in bytes, or null where <c>/proc</c> cannot tell.</summary>
    public static long? ResidentBytes(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        long total = 0;
        foreach (var member in Members(pid))
        {
            total += ResidentBytesOf(member) ?? 0;
        }

        return total == 0 ? null : total;
    }

    private static long? ResidentBytesOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // the process ended while being read
        }

        return null;
    }

    private static Dictionary<int, int> ParentsByChild()
    {
        var parents = new Dictionary<int, int>();
        if (!OperatingSystem.IsLinux())
        {
            return parents;
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                // /proc/{pid}/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // gone meanwhile
            }
        }

        return parents;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
