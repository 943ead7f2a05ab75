using System.Globalization;

namespace Claw.Bench.Results;

/// <summary>How numbers read in the markdown tables; a missing figure is "n/a".</summary>
internal static class Fmt
{
    public static string Rate(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "n/a";

    public static string Ms(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    public static string Num(double? value, string format = "F2") => value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A count per task: two decimals, four below 0.1 (a batch's commit per task is 0.001).</summary>
    public static string PerTask(double? value) => value is < 0.1 and > 0 ? Num(value, "F4") : Num(value);

    public static string Ratio(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) + "×" : "n/a";

    public static string Cores(Measure.CpuShare? cpu) => cpu is null ? "n/a" : $"{Num(cpu.ForeignCores)} / {Num(cpu.MineCores)}";
}
