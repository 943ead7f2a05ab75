using System.Text.RegularExpressions;

namespace Claw.Gateway.Validation;

/// <summary>An <c>error_code</c> a holder reports (and a task lists in <c>non_retriable_codes</c>): a short, stable token.</summary>
public static partial class FailureCodes
{
    public const int MaxListed = 50;
    public const string Rule = "1–100 characters: letters, digits and . _ : - (not first).";

    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);

    /// <summary>Checks a list of codes: at most <see cref="MaxListed"/>, each valid.</summary>
    public static void Check(ValidationErrors errors, string field, IReadOnlyCollection<string?>? codes)
    {
        if (codes is not null)
        {
            errors.Require(codes.Count <= MaxListed, field, $"At most {MaxListed} codes.")
                .Require(codes.All(IsValid), field, "Each code: " + Rule);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
