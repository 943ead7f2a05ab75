using System.Globalization;

namespace Claw.Bench.Cluster;

/// <summary>Reads Prometheus text exposition: the sum of every series of one metric, over every silo.</summary>
internal static class PrometheusText
{
    /// <summary>Sum over all label sets and texts, or null when no text has the metric.</summary>
    public static double? Sum(IEnumerable<string> texts, string metric)
    {
        double? total = null;
        foreach (var text in texts)
        {
            foreach (var line in text.AsSpan().EnumerateLines())
            {
                if (line.IsEmpty || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal))
                {
                    continue;
                }

                var rest = line[metric.Length..];
                if (rest.IsEmpty || (rest[0] != '{' && rest[0] != ' '))
                {
                    continue; // another metric whose name starts with this one
                }

                var afterLabels = rest[0] == '{' ? rest[(rest.LastIndexOf('}') + 1)..] : rest;
                var value = afterLabels.Trim();
                var space = value.IndexOf(' ');
                if (double.TryParse(space < 0 ? value : value[..space], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    total = (total ?? 0) + number;
                }
            }
        }

        return total;
    }
}
