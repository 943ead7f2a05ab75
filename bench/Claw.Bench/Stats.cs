namespace Claw.Bench;

internal static class Stats
{
    /// <summary>Nearest-rank percentile of sorted samples (sorts in place).</summary>
    public static double Percentile(List<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return 0;
        }

        samples.Sort();
        return samples[(int)Math.Min(samples.Count - 1, p * samples.Count)];
    }

    /// <summary>Resident memory of a process in MiB (Linux), or null.</summary>
    public static double? RssMiB(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/status"))
        {
            return null;
        }

        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
