namespace Claw.Bench.Report;

/// <summary>
/// One of the targets: the figures, their ratio, what is required, whether it is met (met / not met / n/a, or
/// "shown" for a ratio the issue asks to see but not to meet), and a note when a figure was measured while other
/// processes used the box (≥ 0.3 cores: the peers harness's own threshold).
/// </summary>
internal sealed record TargetCheck(
    string Target,
    string ClawFigure,
    double? ClawValue,
    string Reference,
    double? ReferenceValue,
    double? Ratio,
    string Required,
    string Verdict,
    string Note);
