using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Claw.Grains.Storage;

/// <summary>
/// Our SQL names its parameters (<c>@id</c>); PostgreSQL numbers them (<c>$1</c>). Npgsql rewrites a named statement
/// on every execution, parsing its text and looking its names up (a tenth of what a silo allocated per task on the
/// write path); a statement whose parameters are positional is sent as it is. This rewrites each statement once, for
/// the order in which its writer lists the parameters.
/// </summary>
internal static class PositionalSql
{
    /// <summary>Statements are few (one per table and kind of write); past this many, something builds them per call.</summary>
    private const int MaxKnown = 1024;

    private static readonly ConcurrentDictionary<string, Rewritten> Known = new(StringComparer.Ordinal);

    /// <summary><paramref name="sql"/> with each <c>@name</c> replaced by <c>$n</c>, n being the name's place in <paramref name="parameters"/>.</summary>
    public static string Of(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        if (Known.TryGetValue(sql, out var known) && known.FitsOrder(parameters))
        {
            return known.Text;
        }

        var rewritten = Rewrite(sql, parameters);
        if (Known.Count < MaxKnown)
        {
            Known[sql] = rewritten;
        }

        return rewritten.Text;
    }

    /// <summary>Rewrites <paramref name="sql"/> for parameters named <paramref name="parameters"/>, in that order.</summary>
    internal static Rewritten Rewrite(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var places = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            places.TryAdd(parameters[i].Name.TrimStart('@'), i + 1);
        }

        var text = new StringBuilder(sql.Length);
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var end = sql.IndexOf(c, i + 1); // a quoted literal or identifier goes through untouched
                end = end < 0 ? sql.Length - 1 : end;
                text.Append(sql, i, end - i + 1);
                i = end;
            }
            else if (c == '@' && i + 1 < sql.Length && IsNameStart(sql[i + 1]))
            {
                var end = i + 1;
                while (end < sql.Length && IsNamePart(sql[end]))
                {
                    end++;
                }

                var name = sql[(i + 1)..end];
                if (!places.TryGetValue(name, out var place))
                {
                    throw new InvalidOperationException($"The statement names @{name}, which its writer did not give.");
                }

                text.Append('$').Append(place.ToString(CultureInfo.InvariantCulture));
                i = end - 1;
            }
            else
            {
                text.Append(c); // an operator such as @> stays what it is
            }
        }

        return new Rewritten(text.ToString(), [.. parameters.Select(p => p.Name)]);
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>A rewritten statement and the parameter order it was rewritten for.</summary>
    internal sealed record Rewritten(string Text, string[] Names)
    {
        public bool FitsOrder(IReadOnlyList<(string Name, object? Value)> parameters)
        {
            if (parameters.Count != Names.Length)
            {
                return false;
            }

            for (var i = 0; i < Names.Length; i++)
            {
                if (!string.Equals(parameters[i].Name, Names[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
