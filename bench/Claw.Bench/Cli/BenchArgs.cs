using System.Globalization;

namespace Claw.Bench.Cli;

/// <summary>Command-line switches of the form <c>--name value</c> (or <c>--name=value</c>); a bare <c>--name</c> is "true".</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    public BenchArgs(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{list[i]}': switches are --name value");
            }

            var name = list[i][2..];
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                _values[name[..equals]] = name[(equals + 1)..];
            }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                _values[name] = list[++i];
            }
            else
            {
                _values[name] = "true";
            }
        }
    }

    public string? String(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public int Int(string name, int fallback) =>
        String(name) is { } text ? int.Parse(text.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => String(name) is { } text && text != "false";

    public IReadOnlyList<string> List(string name, string fallback) =>
        String(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Fails on a switch nobody asked for, so a typo does not silently run the defaults.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown switch(es): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
