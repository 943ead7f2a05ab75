namespace Claw.Gateway.Validation;

/// <summary>Checks lists of names (capabilities, models, label keys) and label values: bounded, no control characters.</summary>
public static class Strings
{
    public const int MaxItems = 256;
    public const int MaxLength = 200;
    public const string Rule = "Each entry must be 1–200 printable characters.";
    public const int MaxLabelValueLength = 1000;

    public static void Check(ValidationErrors errors, string field, IEnumerable<string?>? values)
    {
        if (values is null)
        {
            return;
        }

        var count = 0;
        foreach (var value in values)
        {
            count++;
            if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Any(char.IsControl))
            {
                errors.Add(field, $"Each entry must be 1–{MaxLength} printable characters.");
                return;
            }
        }

        errors.Require(count <= MaxItems, field, $"At most {MaxItems} entries.");
    }

    /// <summary>Label keys by the rule of names, their values bounded and without control characters (an empty value is a value).</summary>
    public static void CheckLabels(ValidationErrors errors, string field, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return;
        }

        Check(errors, field, labels.Keys);
        errors.Require(labels.Values.All(v => v is { Length: <= MaxLabelValueLength } && !v.Any(char.IsControl)),
            field, $"Each value must be text of at most {MaxLabelValueLength} characters, without control characters.");
    }
}
