using System.Globalization;

namespace Claw.Bench.Measure;

/// <summary>
/// Reads the log of the peers harness's CPU monitor (<c>tools/cpumon.py run LOG</c>: one line "epoch foreign_s mine_s"
/// per interval), so every figure carries how many cores other processes used meanwhile on this shared machine.
/// </summary>
internal sealed class CpuMonitor(string? logPath)
{
    public static double Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Average cores used by other processes (foreign) and by the bench (mine) between two epochs.</summary>
    public CpuShare? Window(double start, double end)
    {
        if (logPath is null || !File.Exists(logPath) || end <= start)
        {
            return null;
        }

        double foreign = 0, mine = 0;
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var at) && at > start && at <= end + 0.5)
            {
                foreign += double.Parse(parts[1], CultureInfo.InvariantCulture);
                mine += double.Parse(parts[2], CultureInfo.InvariantCulture);
            }
        }

        return new CpuShare(Math.Round(foreign / (end - start), 2), Math.Round(mine / (end - start), 2));
    }
}
