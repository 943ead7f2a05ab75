using Microsoft.Extensions.Configuration;

namespace Claw.Gateway.Auth;

/// <summary>
/// Decides the auth mode of a host before it starts, and refuses the one unsafe combination: listening beyond
/// loopback with nobody authenticating, unless the operator said <c>--insecure</c>.
/// </summary>
public static class AuthStartup
{
    /// <summary>The flag that allows mode <c>None</c> off loopback; taken out of the arguments (it has no value).</summary>
    public const string InsecureFlag = "--insecure";

    /// <summary>The arguments without <c>--insecure</c>, and whether it was there.</summary>
    public static (string[] Args, bool Insecure) TakeInsecureFlag(string[] args) =>
        (args.Where(a => a != InsecureFlag).ToArray(), args.Contains(InsecureFlag));

    /// <summary>The mode this host runs in; throws <see cref="InsecureListenException"/> for <c>None</c> off loopback without <c>--insecure</c>.</summary>
    public static AuthMode Resolve(IConfiguration configuration, string urls)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var exposed = ListenAddresses.Parse(urls).Where(u => !ListenAddresses.IsLoopback(u)).ToList();
        var mode = options.Mode ?? (exposed.Count == 0 ? AuthMode.None : AuthMode.Required);
        if (mode == AuthMode.None && exposed.Count > 0 && !options.Insecure)
        {
            throw new InsecureListenException(
                $"Refusing to start: Claw:Auth:Mode is None (nobody authenticates, every caller is an admin) but this host would listen on " +
                $"{string.Join(", ", exposed)}, which other machines can reach. Set Claw:Auth:Mode=Required and create a key " +
                $"(dotnet run --project src/Silo -- keys create --role admin), listen on 127.0.0.1 only, or pass {InsecureFlag} to run without auth anyway.");
        }

        if (mode == AuthMode.Required && options.Jwt.ClockSkew > TimeSpan.FromSeconds(30))
        {
            throw new InvalidOperationException("Claw:Auth:Jwt:ClockSkew may be at most 30 seconds.");
        }

        return mode;
    }
}
