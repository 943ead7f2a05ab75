using Claw.Bench.Measure;

namespace Claw.Bench.Report;

/// <summary>A value with what it is and how disturbed its measurement was (cores used by other processes meanwhile).</summary>
internal sealed record Figure(string Name, double? Value, double? ForeignCores)
{
    public const double Disturbed = 0.3;

    public static Figure Of(string name, double? value, CpuShare? cpu) => new(name, value, cpu?.ForeignCores);

    public string? Note(string whose) => ForeignCores is >= Disturbed ? $"{whose} disturbed ({ForeignCores:F2} foreign cores)" : null;
}
