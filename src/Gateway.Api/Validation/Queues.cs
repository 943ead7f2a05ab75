using System.Text.RegularExpressions;

namespace Claw.Gateway.Validation;

/// <summary>Queue names: short and URL-safe, without '/', which separates a queue from its partition.</summary>
public static partial class Queues
{
    public const string Rule = "1–64 characters: letters, digits and . _ - (not first).";

    public static bool IsValid(string? queue) => queue is not null && Pattern().IsMatch(queue);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
