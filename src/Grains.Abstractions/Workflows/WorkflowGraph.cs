using System.Collections.Immutable;

namespace Claw.Abstractions.Workflows;

/// <summary>The checks a workflow's steps must pass: unique names, known dependencies, no cycle.</summary>
public static class WorkflowGraph
{
    public static IEnumerable<(string Field, string Message)> Problems(ImmutableArray<WorkflowStep> steps)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Length; i++)
        {
            if (!names.Add(steps[i].Name))
            {
                yield return ($"steps[{i}].name", $"Step name '{steps[i].Name}' is used twice.");
            }
        }

        for (var i = 0; i < steps.Length; i++)
        {
            foreach (var dependency in steps[i].DependsOn)
            {
                if (!names.Contains(dependency))
                {
                    yield return ($"steps[{i}].depends_on", $"Unknown step '{dependency}'.");
                }
                else if (dependency == steps[i].Name)
                {
                    yield return ($"steps[{i}].depends_on", "A step cannot depend on itself.");
                }
            }
        }

        if (CycleThrough(steps) is { } cycle)
        {
            yield return ("steps", "The dependencies form a cycle: " + string.Join(" → ", cycle) + ".");
        }
    }

    /// <summary>One cycle of the dependency graph, as step names, or null (depth-first search with colours).</summary>
    private static List<string>? CycleThrough(ImmutableArray<WorkflowStep> steps)
    {
        var byName = steps.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = on the path, true = done
        var path = new List<string>();

        List<string>? Visit(string name)
        {
            if (state.TryGetValue(name, out var done))
            {
                return done ? null : [.. path.SkipWhile(n => n != name), name];
            }

            state[name] = false;
            path.Add(name);
            foreach (var next in byName[name].DependsOn.Where(d => byName.ContainsKey(d) && d != name))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[name] = true;
            return null;
        }

        return byName.Keys.Select(Visit).FirstOrDefault(c => c is not null);
    }
}
