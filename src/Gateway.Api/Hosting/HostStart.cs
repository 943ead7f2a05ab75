using Claw.Gateway.Auth;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Hosting;

/// <summary>What both hosts (silo and gateway-only) do the same way when they start: their builder, and a run that refuses an unsafe listen.</summary>
public static class HostStart
{
    /// <summary>
    /// The web application builder of a host: settings beside the binary, the <c>Claw</c> switches, <c>--insecure</c>
    /// (taken out of the arguments: it has no value) and the secrets named by files.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        (args, var insecure) = AuthStartup.TakeInsecureFlag(args);

        // Settings ship beside the binary; the working directory only anchors ./data.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddClawCommandLine(args);
        if (insecure)
        {
            builder.Configuration["Claw:Auth:Insecure"] = "true";
        }

        ClawConfiguration.LoadSecretFiles(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Builds and runs a host until it stops. A refused listen (auth off beyond loopback) or a setting out of its range
    /// (checked as the host starts) prints why and exits 2.
    /// </summary>
    public static async Task<int> RunAsync(Func<WebApplication> build)
    {
        WebApplication app;
        try
        {
            app = build();
        }
        catch (InsecureListenException refused)
        {
            await Console.Error.WriteLineAsync(refused.Message);
            return 2;
        }

        await using (app)
        {
            try
            {
                await app.RunAsync();
            }
            catch (OptionsValidationException invalid)
            {
                await Console.Error.WriteLineAsync("Invalid settings: " + string.Join(" ", invalid.Failures));
                return 2;
            }
        }

        return 0;
    }
}
