namespace Claw.Bench.Report;

/// <summary>One of the targets: the figures, their ratio, what is required, and whether it is met.</summary>
internal sealed record TargetCheck(
    string Target,
    string ClawFigure,
    double? ClawValue,
    string Reference,
    double? ReferenceValue,
    double? Ratio,
    string Required,
    string Verdict);
