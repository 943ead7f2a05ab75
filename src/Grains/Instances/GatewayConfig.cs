using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Abstractions.Instances;

namespace Claw.Grains.Instances;

/// <summary>
/// The <c>openclaw.json</c> of a managed gateway (gateway-facts §2): local mode on loopback with token auth, plugins
/// and the heartbeat turned off (a deterministic peer, no background turns), its log file in its own folder, and,
/// when given, one OpenAI-compatible model provider as the only one. Written readable by its owner only: it holds
/// the token and the model api key.
/// </summary>
public static class GatewayConfig
{
    public const string ProviderName = "claw";

    public static void Write(InstanceLayout layout, int port, string token, ModelProvider? provider)
    {
        var config = new JsonObject
        {
            ["gateway"] = new JsonObject
            {
                ["mode"] = "local",
                ["port"] = port,
                ["bind"] = "loopback",
                ["auth"] = new JsonObject { ["mode"] = "token", ["token"] = token },
            },
            ["plugins"] = new JsonObject { ["enabled"] = false },
            ["logging"] = new JsonObject { ["file"] = layout.GatewayLog },
            ["agents"] = new JsonObject { ["defaults"] = Defaults(provider) },
        };
        if (provider is not null)
        {
            config["models"] = new JsonObject { ["mode"] = "replace", ["providers"] = new JsonObject { [ProviderName] = Provider(provider) } };
        }

        var temporary = layout.Config + ".tmp";
        File.WriteAllText(temporary, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, layout.Config, overwrite: true);
    }

    private static JsonObject Defaults(ModelProvider? provider)
    {
        var defaults = new JsonObject { ["heartbeat"] = new JsonObject { ["every"] = "0m" } };
        if (provider is not null)
        {
            defaults["model"] = new JsonObject { ["primary"] = $"{ProviderName}/{provider.Model}" };
        }

        return defaults;
    }

    private static JsonObject Provider(ModelProvider provider) => new()
    {
        ["baseUrl"] = provider.BaseUrl,
        ["apiKey"] = provider.ApiKey ?? "none",
        ["api"] = provider.Api,
        ["timeoutSeconds"] = 120,
        ["models"] = new JsonArray(new JsonObject
        {
            ["id"] = provider.Model,
            ["name"] = provider.Model,
            ["reasoning"] = false,
            ["input"] = new JsonArray("text"),
            ["cost"] = new JsonObject { ["input"] = 0, ["output"] = 0, ["cacheRead"] = 0, ["cacheWrite"] = 0 },
            ["contextWindow"] = 128_000,
            ["maxTokens"] = 4096,
        }),
    };
}
