namespace Claw.Grains.Instances;

/// <summary>
/// The folders of one instance, all under its own root, so the gateway writes nothing outside it: HOME (npm logs),
/// the state folder (SQLite, workspace, sessions), the config file and the logs.
/// </summary>
public sealed record InstanceLayout(string Root)
{
    public string Home => Path.Combine(Root, "home");

    public string State => Path.Combine(Root, "state");

    public string Logs => Path.Combine(Root, "logs");

    public string Config => Path.Combine(Root, "openclaw.json");

    /// <summary>What the process writes to stdout and stderr (what <c>logs?tail=</c> shows).</summary>
    public string ProcessLog => Path.Combine(Logs, "gateway.log");

    /// <summary>The gateway's own log file (<c>logging.file</c>).</summary>
    public string GatewayLog => Path.Combine(Logs, "openclaw.log");

    public static InstanceLayout For(string directory, string instanceId) => new(Path.Combine(directory, instanceId));

    public void Create()
    {
        foreach (var folder in new[] { Root, Home, State, Logs })
        {
            System.IO.Directory.CreateDirectory(folder);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}
