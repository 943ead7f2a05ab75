namespace Claw.Cli;

/// <summary>The command line (or a file it names) is wrong: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
