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

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Tasks.Count; i++)
        {
            var item = $"tasks[{i}]";
            if (Tasks[i] is not { } task)
            {
                errors.Add(item, "A submit body.");
                continue;
            }

            task.Validate(errors.Under(item + "."));
            if (task.IdempotencyKey is { } key && !keys.Add(key))
            {
                errors.Add(item + ".idempotency_key", "An earlier task of this batch has this key.");
            }
        }
    }
}
