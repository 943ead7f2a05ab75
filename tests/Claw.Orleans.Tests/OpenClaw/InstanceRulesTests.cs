using System.Text.Json;
using Claw.Abstractions.Instances;
using Claw.Grains.Instances;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.OpenClaw;

/// <summary>How a managed gateway is laid out, configured and launched: isolated, loopback, lean, secrets off the command line.</summary>
public sealed class InstanceRulesTests
{
    [Fact]
    public void The_config_binds_loopback_with_the_token_turns_plugins_and_heartbeat_off_and_is_readable_by_its_owner_only()
    {
        using var folder = new TempDirectory();
        var layout = new InstanceLayout(Path.Combine(folder.Path, "i-1"));
        layout.Create();

        GatewayConfig.Write(layout, 18801, "secret-token", new ModelProvider("http://127.0.0.1:9/v1", "openai-completions", "m1", "sk-1"));

        var config = JsonDocument.Parse(File.ReadAllText(layout.Config)).RootElement;
        var gateway = config.GetProperty("gateway");
        Assert.Equal("local", gateway.GetProperty("mode").GetString());
        Assert.Equal("loopback", gateway.GetProperty("bind").GetString());
        Assert.Equal(18801, gateway.GetProperty("port").GetInt32());
        Assert.Equal("secret-token", gateway.GetProperty("auth").GetProperty("token").GetString());
        Assert.False(config.GetProperty("plugins").GetProperty("enabled").GetBoolean());
        Assert.Equal("0m", config.GetProperty("agents").GetProperty("defaults").GetProperty("heartbeat").GetProperty("every").GetString());
        Assert.Equal("claw/m1", config.GetProperty("agents").GetProperty("defaults").GetProperty("model").GetProperty("primary").GetString());
        Assert.Equal("replace", config.GetProperty("models").GetProperty("mode").GetString());
        Assert.Equal(layout.GatewayLog, config.GetProperty("logging").GetProperty("file").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(layout.Config));
        }
    }

    [Fact]
    public void The_launch_keeps_home_state_and_config_in_the_instance_folder_with_the_embedding_preset_and_no_secret_on_the_command_line()
    {
        var layout = new InstanceLayout("/srv/claw/instances/i-1");

        var start = GatewayLaunch.StartInfo("\"/opt/node 24/bin/node\" /opt/openclaw.mjs gateway run --profile {version}", "2026.9.6", layout, 18801);

        Assert.Equal("/opt/node 24/bin/node", start.FileName);
        Assert.Equal(["/opt/openclaw.mjs", "gateway", "run", "--profile", "2026.9.6", "--port", "18801", "--bind", "loopback"], start.ArgumentList);
        Assert.Equal(layout.Home, start.Environment["HOME"]);
        Assert.Equal(layout.State, start.Environment["OPENCLAW_STATE_DIR"]);
        Assert.Equal(layout.Config, start.Environment["OPENCLAW_CONFIG_PATH"]);
        Assert.Equal("1", start.Environment["OPENCLAW_OFFLINE"]);
        Assert.Equal("1", start.Environment["OPENCLAW_NO_RESPAWN"]);
        Assert.False(start.Environment.ContainsKey("OPENCLAW_GATEWAY_TOKEN"));
        Assert.DoesNotContain(start.ArgumentList, a => a.Contains("token", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("18800-18999", 18800, 200)]
    [InlineData("20000-20000", 20000, 1)]
    public void A_port_range_is_first_to_last(string text, int first, int count)
    {
        var range = PortRange.Parse(text);

        Assert.Equal(first, range.First);
        Assert.Equal(count, range.Count);
    }

    [Theory]
    [InlineData("80-90")]
    [InlineData("20000-19999")]
    [InlineData("20000")]
    [InlineData("a-b")]
    public void A_bad_port_range_is_refused(string text) => Assert.Throws<FormatException>(() => PortRange.Parse(text));

    [Fact]
    public void The_log_tail_is_the_last_lines()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "gateway.log");
        File.WriteAllLines(path, Enumerable.Range(1, 500).Select(i => $"line {i}"));

        var tail = LogTail.Read(path, 3);

        Assert.Equal(["line 498", "line 499", "line 500"], tail.ToArray());
    }
}
