using System.Globalization;

namespace Claw.Bench.Measure;

internal static class Stats
{
    /// <summary>Nearest-rank percentile of samples (sorts in place).</summary>
    public static double Percentile(List<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        samples.Sort();
        return samples[(int)Math.Clamp(Math.Ceiling(p * samples.Count) - 1, 0, samples.Count - 1)];
    }

    /// <summary>Resident memory of processes in MiB (Linux), summed; null when any is unknown.</summary>
    public static double? RssMiB(IReadOnlyList<int> pids)
    {
        double total = 0;
        foreach (var pid in pids)
        {
            if (!File.Exists($"/proc/{pid}/status"))
            {
                return null;
            }

            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line is null)
            {
                return null;
            }

            total += double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }

        return pids.Count == 0 ? null : total;
    }
}
