namespace Claw.Cli;

/// <summary>What the process's exit code means, for scripts.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>--wait</c> and <c>watch</c>, the task completed.</summary>
    public const int Ok = 0;

    /// <summary>The task failed or was cancelled, or the server refused the command.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong (unknown command, missing argument, unreadable file or JSON).</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached (refused, timed out, no such host).</summary>
    public const int Unreachable = 3;
}
