using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary>
/// Body of <c>POST /tasks/batch</c>: 1–1000 submit bodies, each checked as a single submit is, its errors named
/// <c>tasks[i].field</c>; one bad item refuses the batch before anything is created. Two items may not share an
/// <c>idempotency_key</c>.
/// </summary>
public sealed record SubmitBatchRequest(List<SubmitTaskRequest?>? Tasks) : IValidatable
{
    public const int MaxTasks = 1000;

    public void Validate(ValidationErrors errors)
    {
        if (Tasks is not { Count: > 0 and <= MaxTasks })
        {
            errors.Add("tasks", $"1–{MaxTasks} tasks.");
            return;
        }

        for (var i = 0; i < Tasks.Count; i++)
        {
            if (Tasks[i] is { } task)
            {
                task.Validate(errors.Under($"tasks[{i}]."));
            }
            else
            {
                errors.Add($"tasks[{i}]", "A submit body.");
            }
        }

        foreach (var i in SharedKeys(KeysUnder(header: null)))
        {
            errors.Add($"tasks[{i}].idempotency_key", "An earlier task of this batch has this key.");
        }
    }

    /// <summary>Each item's idempotency key: its own, else the <c>Idempotency-Key</c> header's <c>{key}#{index}</c>; null for neither.</summary>
    public List<string?> KeysUnder(string? header) =>
        [.. Tasks!.Select((task, i) => task?.IdempotencyKey ?? (header is null ? null : $"{header}#{i}"))];

    /// <summary>The items whose key an earlier item has too: both would be one task.</summary>
    public static IEnumerable<int> SharedKeys(IReadOnlyList<string?> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i] is { } key && !seen.Add(key))
            {
                yield return i;
            }
        }
    }
}
