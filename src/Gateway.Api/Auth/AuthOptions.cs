namespace Claw.Gateway.Auth;

/// <summary>Configuration section <c>Claw:Auth</c> (API.md "Security"; docs/security.md).</summary>
public sealed class AuthOptions
{
    public const string Section = "Claw:Auth";

    /// <summary><c>None</c> or <c>Required</c>; unset: <c>None</c> while every listen address is loopback, else <c>Required</c>.</summary>
    public AuthMode? Mode { get; set; }

    /// <summary>Set by <c>--insecure</c>: lets a host listen off loopback with mode <c>None</c> (it says so at start).</summary>
    public bool Insecure { get; set; }

    /// <summary>A full API key (<c>claw_{id}_{secret}</c>) created as an admin key at start when no key has its id.</summary>
    public string? BootstrapKey { get; set; }

    /// <summary>How long a gateway trusts a key it looked up; a revocation over the API reaches every gateway at once regardless.</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Browser origins (<c>https://ops.example.com</c>) allowed to open the control channel and to send state-changing
    /// requests, besides the server's own; a request with any other <c>Origin</c> is refused.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How long a WebSocket that sent no <c>Authorization</c> header has to send its <c>auth</c> frame.</summary>
    public TimeSpan FirstFrameTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When true (the default), a result for a task held by a node that registered a <c>public_key</c> must be signed
    /// (401 <c>signature_required</c> otherwise), unless an operator or admin with credentials reports it.
    /// </summary>
    public bool RequireSignedResults { get; set; } = true;

    /// <summary>How long a node with a <c>public_key</c> has to answer the control channel's <c>challenge</c>.</summary>
    public TimeSpan ChallengeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public JwtOptions Jwt { get; set; } = new();
}
