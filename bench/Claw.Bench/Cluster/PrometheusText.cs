using System.Globalization;

namespace Claw.Bench.Cluster;

/// <summary>Reads Prometheus text exposition: the sum of every series of one metric, over every silo.</summary>
internal static class PrometheusText
{
    /// <summary>Sum over all label sets and texts, or null when no text has the metric.</summary>
    public static double? Sum(IEnumerable<string> texts, string metric)
    {
        var byLabel = SumBy(texts, metric, label: null);
        return byLabel is null ? null : byLabel.Values.Sum();
    }

    /// <summary>
    /// Sums of one metric per value of one label (series without it count under ""), over every text; null when no
    /// text has the metric. A null label sums everything under "".
    /// </summary>
    public static Dictionary<string, double>? SumBy(IEnumerable<string> texts, string metric, string? label)
    {
        Dictionary<string, double>? totals = null;
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

                var labels = rest[0] == '{' ? rest[1..rest.LastIndexOf('}')] : [];
                var afterLabels = rest[0] == '{' ? rest[(rest.LastIndexOf('}') + 1)..] : rest;
                var value = afterLabels.Trim();
                var space = value.IndexOf(' ');
                if (double.TryParse(space < 0 ? value : value[..space], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    totals ??= new Dictionary<string, double>(StringComparer.Ordinal);
                    var key = label is null ? "" : LabelValue(labels, label);
                    totals[key] = totals.GetValueOrDefault(key) + number;
                }
            }
        }

        return totals;
    }

    /// <summary>The value of <paramref name="label"/> in <c>a="x",b="y"</c> (values without escaped quotes), or "".</summary>
    private static string LabelValue(ReadOnlySpan<char> labels, string label)
    {
        var prefix = label + "=\"";
        var at = 0;
        while (at < labels.Length)
        {
            var rest = labels[at..];
            if (rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                var value = rest[prefix.Length..];
                var end = value.IndexOf('"');
                return end < 0 ? value.ToString() : value[..end].ToString();
            }

            var comma = rest.IndexOf("\",", StringComparison.Ordinal);
            if (comma < 0)
            {
                break;
            }

            at += comma + 2;
        }

        return "";
    }
}
