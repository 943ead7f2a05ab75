namespace Claw.Bench.Report;

/// <summary>One Claw figure set against one baseline: ratio = Claw ÷ baseline.</summary>
internal sealed record Comparison(
    string Mode,
    string ClawFigure,
    double? ClawValue,
    string Baseline,
    string BaselineLabel,
    double? BaselineValue,
    double? Ratio,
    string BetterWhen);
