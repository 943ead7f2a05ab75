namespace Claw.Tests.OpenClaw;

/// <summary>
/// The real OpenClaw that <c>scripts/test-openclaw.sh</c> installs (pinned Node 24 and openclaw, cached) and names in
/// <c>CLAW_OPENCLAW_NODE</c> and <c>CLAW_OPENCLAW_ENTRY</c>. These tests never skip: without it they fail and say how to get it.
/// </summary>
public static class OpenClawInstall
{
    public const string NodeVariable = "CLAW_OPENCLAW_NODE";
    public const string EntryVariable = "CLAW_OPENCLAW_ENTRY";

    /// <summary>The gateway's first start on two busy cores took 8–16 s when measured; a loaded test box needs far more.</summary>
    public static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(150);

    public static string Node => Require(NodeVariable);

    public static string Entry => Require(EntryVariable);

    /// <summary>The launcher command for <c>Claw:Instances:Launcher</c>.</summary>
    public static string Launcher => $"\"{Node}\" \"{Entry}\" gateway run";

    private static string Require(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        Assert.False(string.IsNullOrWhiteSpace(value) || !File.Exists(value),
            $"{variable} does not name an installed file: run the tests through ./test.sh, or `source scripts/test-openclaw.sh` first (it installs Node 24 and openclaw@2026.9.6 into ~/.cache/claw/openclaw).");
        return value!;
    }
}
