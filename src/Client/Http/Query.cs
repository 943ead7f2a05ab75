using System.Globalization;

namespace Claw.Client.Http;

/// <summary>A query string built from the fields that are set; values are escaped.</summary>
public sealed class Query
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public Query With(string name, string? value)
    {
        if (value is not null)
        {
            _pairs.Add(new(name, value));
        }

        return this;
    }

    public Query With(string name, int? value) => With(name, value?.ToString(CultureInfo.InvariantCulture));

    public Query With(string name, DateTimeOffset? value) => With(name, value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));

    public Query With(string name, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
        {
            With(name, value);
        }

        return this;
    }

    /// <summary>A copy, so a list's base filters can be paged without changing them.</summary>
    public Query Copy()
    {
        var copy = new Query();
        copy._pairs.AddRange(_pairs);
        return copy;
    }

    public string Append(string path) =>
        _pairs.Count == 0 ? path : path + "?" + string.Join("&", _pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
