using System.Globalization;
using System.Text.Json;
using Claw.Client.Http;

namespace Claw.Cli;

/// <summary>Tables for people, indented JSON (the API's own field names) for scripts.</summary>
internal sealed class Printer(TextWriter output, bool json)
{
    private static readonly JsonSerializerOptions Indented = new(ClawJson.Options) { WriteIndented = true };

    public bool IsJson => json;

    /// <summary>The value as JSON with <c>--json</c>, else as <paramref name="table"/> draws it.</summary>
    public void Show<T>(T value, Action<Printer, T> table)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(value, Indented));
        }
        else
        {
            table(this, value);
        }
    }

    public static string Json(object? value) => value is null ? "" : JsonSerializer.Serialize(value, ClawJson.Options);

    /// <summary>One record as <c>field  value</c> lines; empty fields are left out.</summary>
    public void Fields(params (string Name, string? Value)[] fields)
    {
        var width = fields.Max(f => f.Name.Length);
        foreach (var (name, value) in fields.Where(f => !string.IsNullOrEmpty(f.Value)))
        {
            output.WriteLine($"{name.PadRight(width)}  {value}");
        }
    }

    /// <summary>Rows under their headers, each column as wide as its widest cell.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var cells = rows.Select(r => r.Select(c => Clip(c ?? "")).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(headers.Select(h => h.ToUpperInvariant()).ToArray(), widths));
        foreach (var row in cells)
        {
            output.WriteLine(Line(row, widths));
        }

        if (cells.Count == 0)
        {
            output.WriteLine("(none)");
        }
    }

    public void Line(string text) => output.WriteLine(text);

    public static string Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Clip(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 60 ? line : line[..59] + "…";
    }
}
