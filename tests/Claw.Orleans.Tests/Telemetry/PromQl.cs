using System.Text.Json;
using System.Text.RegularExpressions;

namespace Claw.Tests.Telemetry;

/// <summary>
/// The metric names a PromQL expression reads, and the expressions of our dashboard and alert rules. Enough PromQL to
/// tell a metric from a function, a keyword, a label, a number or a Grafana variable; not a parser.
/// </summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"];

    public static IEnumerable<string> MetricNames(string expression)
    {
        var text = Strings().Replace(expression, "\"\"");
        text = LabelMatchers().Replace(text, " ");
        text = Groupings().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = Variables().Replace(text, " ");
        return Identifiers().Matches(text).Select(m => m.Value).Where(name => !Keywords.Contains(name.ToLowerInvariant())).Distinct();
    }

    /// <summary>Every <c>expr</c> of a Grafana dashboard (panel targets, nested rows included).</summary>
    public static List<string> DashboardExpressions(string json)
    {
        var found = new List<string>();
        Collect(JsonDocument.Parse(json).RootElement, found);
        return found;
    }

    /// <summary>Every <c>expr</c> of a Prometheus rules file: on its line, or as the block (<c>|</c>) indented below it.</summary>
    public static List<string> RuleExpressions(string yaml)
    {
        var found = new List<string>();
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = ExprLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var value = match.Groups["value"].Value.Trim();
            if (value is not ("|" or ">"))
            {
                found.Add(value);
                continue;
            }

            var indent = match.Groups["indent"].Length;
            var block = new List<string>();
            for (; i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].TakeWhile(c => c == ' ').Count() > indent); i++)
            {
                block.Add(lines[i + 1].Trim());
            }

            found.Add(string.Join(" ", block));
        }

        return found;
    }

    private static void Collect(JsonElement element, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        found.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, found);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found);
                }

                break;
        }
    }

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Groupings();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex Variables();

    // A name not inside a number (1e-9) and not called as a function.
    [GeneratedRegex(@"(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w:]|\s*\()")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"^(?<indent>\s*)(?:-\s+)?expr:(?<value>.*)$")]
    private static partial Regex ExprLine();
}
