namespace Claw.Abstractions.Tasks;

/// <summary><c>auto</c> tasks are handed to polling or connected nodes; <c>manual</c> ones wait for <c>assign</c> (ClawBot).</summary>
[GenerateSerializer]
public enum DispatchMode
{
    Auto = 0,
    Manual = 1,
}
