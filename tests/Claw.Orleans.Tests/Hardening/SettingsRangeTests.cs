using Claw.Silo;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Hardening;

/// <summary>A setting out of its range stops the silo as it starts, with the setting named and exit code 2, instead of failing every grain that reads it later.</summary>
public sealed class SettingsRangeTests
{
    [Theory]
    [InlineData("Claw:Nodes:LeaseAuditPeriod")]
    [InlineData("Claw:Nodes:CrashAfter")]
    [InlineData("Claw:Nodes:HandOffTimeout")]
    public async Task A_node_timing_of_zero_refuses_to_start_with_exit_code_2(string setting)
    {
        using var data = new TempDirectory();
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = await ClawHost.RunAsync(["--urls", "http://127.0.0.1:0", "--data", data.Path, "--" + setting, "00:00:00"]);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, exit);
        Assert.Contains(setting.Split(':')[^1], error.ToString(), StringComparison.Ordinal);
    }
}
