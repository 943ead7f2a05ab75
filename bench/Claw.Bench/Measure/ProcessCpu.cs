using System.Diagnostics;
using System.Globalization;

namespace Claw.Bench.Measure;

/// <summary>
/// CPU time used so far by the processes a drain runs on: the silos (by pid), PostgreSQL (every process of that name
/// on this machine) and this generator. A difference over a drain, divided by its tasks, is each one's cost per task:
/// steadier than a rate on a shared box, because time spent waiting for a core is not in it.
/// </summary>
internal sealed record ProcessCpu(TimeSpan? Silos, TimeSpan? Postgres, TimeSpan Generator)
{
    /// <summary>The kernel's USER_HZ, the unit of <c>/proc/&lt;pid&gt;/stat</c>'s times: 100 on every architecture .NET runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    /// <summary>
    /// A reading now. Silos: null when a pid does not run here (or none was given). PostgreSQL: only for a run on it
    /// (<paramref name="onPostgres"/>; an embedded run would count an idle server's housekeeping), and null when no
    /// process of that name runs here.
    /// </summary>
    public static ProcessCpu Read(IReadOnlyList<int> siloPids, bool onPostgres)
    {
        using var self = Process.GetCurrentProcess();
        return new ProcessCpu(ReadSilos(siloPids), onPostgres ? ReadPostgres() : null, self.TotalProcessorTime);
    }

    /// <summary>Microseconds per task of each process group between two readings, and of the silos' JIT meanwhile (part of theirs).</summary>
    public static CpuPerTask PerTask(ProcessCpu before, ProcessCpu after, double? jitSeconds, int tasks) => new(
        Micros(before.Silos, after.Silos, tasks),
        jitSeconds is { } jit ? Micros(TimeSpan.Zero, TimeSpan.FromSeconds(jit), tasks) : null,
        Micros(before.Postgres, after.Postgres, tasks),
        Micros(before.Generator, after.Generator, tasks));

    private static double? Micros(TimeSpan? before, TimeSpan? after, int tasks) =>
        before is { } b && after is { } a && tasks > 0 ? Math.Round((a - b).TotalMicroseconds / tasks) : null;

    private static TimeSpan? ReadSilos(IReadOnlyList<int> pids)
    {
        if (pids.Count == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                total += process.TotalProcessorTime;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return null; // not running, or not on this machine
            }
        }

        return total;
    }

    /// <summary>
    /// The server and its backends, by their command name in <c>/proc</c> (.NET names a backend by its changing title).
    /// Each process's own time and that of its children that exited: a backend (or an autovacuum worker) that exits
    /// between two readings leaves its time in the server process's children's time, so the sum never goes back.
    /// </summary>
    private static TimeSpan? ReadPostgres()
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        long ticks = 0;
        var found = false;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _) || ReadStat(dir) is not { } stat)
            {
                continue;
            }

            // "pid (comm) state ppid …": utime, stime, cutime and cstime are the 14th to 17th fields, the 12th to 15th after the comm.
            var (open, close) = (stat.IndexOf('('), stat.LastIndexOf(')'));
            if (open < 0 || close < open || stat.AsSpan(open + 1, close - open - 1) is not "postgres")
            {
                continue;
            }

            var fields = stat[(close + 2)..].Split(' ');
            ticks += fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture));
            found = true;
        }

        return found ? TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond) : null;
    }

    private static string? ReadStat(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // exited meanwhile, or not ours to read
        }
    }
}

/// <summary>
/// CPU microseconds per completed task over a drain: the silos', the part of it their JIT spent compiling (the runtime's
/// own clock of its compilations), PostgreSQL's (all of its processes here) and the generator's.
/// </summary>
internal sealed record CpuPerTask(double? SiloUs, double? SiloJitUs, double? PostgresUs, double? GeneratorUs);
