namespace Claw.Tests.Infrastructure;

/// <summary>
/// Runs a Python script of the tests with the interpreter that has the Debian packages they import (requests,
/// websockets, nacl: <c>scripts/test-python.sh</c> installs them; <c>CLAW_TEST_PYTHON</c> names another interpreter).
/// </summary>
public static class PythonScript
{
    public static string Interpreter => Environment.GetEnvironmentVariable("CLAW_TEST_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    /// <summary>The script's exit code and output, killed after three minutes.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(string script, params string[] args)
    {
        try
        {
            return await ChildProcess.RunAsync(Interpreter, [script, .. args], TimeSpan.FromMinutes(3));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{Interpreter} could not be started ({ex.Message}); ./test.sh installs python3 with the modules the tests import (scripts/test-python.sh).");
        }
    }
}
