using System.Text.RegularExpressions;

namespace Claw.Gateway.Validation;

/// <summary>What an id may look like: short, URL-safe, no spaces, so it is safe in paths, logs and keys.</summary>
public static partial class Ids
{
    public const string Rule = "1–128 characters: letters, digits and . _ : - (not first).";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
