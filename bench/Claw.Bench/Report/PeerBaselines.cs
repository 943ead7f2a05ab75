using System.Text.Json;

namespace Claw.Bench.Report;

/// <summary>Reads the peers harness's records; per label the clean attempt with the least foreign load wins.</summary>
internal static class PeerBaselines
{
    public static Dictionary<string, PeerBaseline> Read(string? path)
    {
        var byLabel = new Dictionary<string, PeerBaseline>();
        if (path is null || !File.Exists(path))
        {
            return byLabel;
        }

        foreach (var line in File.ReadLines(path).Where(l => l.TrimStart().StartsWith('{')))
        {
            var candidate = Parse(line);
            if (!byLabel.TryGetValue(candidate.Label, out var kept) || Better(candidate, kept))
            {
                byLabel[candidate.Label] = candidate;
            }
        }

        return byLabel;
    }

    private static bool Better(PeerBaseline candidate, PeerBaseline kept) =>
        (candidate.Error is null, candidate.Clean, -(candidate.ForeignCores ?? 9)).CompareTo((kept.Error is null, kept.Clean, -(kept.ForeignCores ?? 9))) > 0;

    private static PeerBaseline Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var record = document.RootElement;
        var result = record.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        double? Number(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
        var rc = Number(record, "rc") ?? 0;
        var timedOut = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("timed_out", out var t) && t.ValueKind == JsonValueKind.True;
        var error = rc != 0 || result.ValueKind != JsonValueKind.Object
            ? $"rc {rc}: {Tail(record, "stderr_tail")}"
            : timedOut ? "drain timed out" : null;
        return new PeerBaseline(
            record.GetProperty("label").GetString()!,
            Number(result, "tps"),
            Number(result, "enqueue_per_s"),
            Number(result, "complete_per_s"),
            Number(result, "p50_ms"),
            Number(result, "p99_ms"),
            (int?)(Number(result, "n") ?? Number(result, "xacts")),
            Number(record, "foreign_cores"),
            Number(record, "mine_cores"),
            record.TryGetProperty("clean", out var clean) && clean.ValueKind == JsonValueKind.True,
            error);
    }

    private static string Tail(JsonElement record, string name)
    {
        var text = record.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= 160 ? text : "…" + text[^160..];
    }
}
