using System.Diagnostics;

namespace Claw.Grains.Instances;

/// <summary>
/// How a managed gateway process is started: the launcher command with <c>--port</c> and <c>--bind loopback</c>
/// appended, and an environment that keeps everything in the instance's folder (HOME, state, config) with the
/// embedding preset of gateway-facts §2 (no Bonjour, no respawn, no channels, offline, no auto-update). Secrets stay
/// in the config file, never on the command line.
/// </summary>
public static class GatewayLaunch
{
    public static ProcessStartInfo StartInfo(string launcher, string version, InstanceLayout layout, int port)
    {
        var words = Split(launcher.Replace("{version}", version, StringComparison.Ordinal));
        if (words.Count == 0)
        {
            throw new ArgumentException("The launcher command is empty.", nameof(launcher));
        }

        var start = new ProcessStartInfo(words[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = layout.Root,
        };
        foreach (var word in words.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "loopback" })
        {
            start.ArgumentList.Add(argument);
        }

        var environment = start.Environment;
        environment["HOME"] = layout.Home;
        environment["OPENCLAW_HOME"] = layout.Home;
        environment["OPENCLAW_STATE_DIR"] = layout.State;
        environment["OPENCLAW_CONFIG_PATH"] = layout.Config;
        environment["TMPDIR"] = layout.Root; // the gateway's default log goes to the temp folder until its config is read
        foreach (var (key, value) in EmbeddingPreset)
        {
            environment[key] = value;
        }

        environment.Remove("OPENCLAW_GATEWAY_TOKEN"); // the config's token is the one; never inherit another
        return start;
    }

    /// <summary>The embedding preset (OpenClaw's docs/gateway/embedding.md).</summary>
    public static readonly IReadOnlyList<(string Key, string Value)> EmbeddingPreset =
    [
        ("OPENCLAW_DISABLE_BONJOUR", "1"),
        ("OPENCLAW_NO_RESPAWN", "1"),
        ("OPENCLAW_SKIP_CHANNELS", "1"),
        ("OPENCLAW_EXEC_SHELL_SNAPSHOT", "0"),
        ("OPENCLAW_OFFLINE", "1"),
        ("OPENCLAW_NO_AUTO_UPDATE", "1"),
    ];

    /// <summary>Splits a command line on spaces, keeping "double-quoted" words whole.</summary>
    public static List<string> Split(string command)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in command)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
