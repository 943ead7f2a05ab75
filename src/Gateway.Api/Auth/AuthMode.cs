namespace Claw.Gateway.Auth;

/// <summary><c>Claw:Auth:Mode</c>: whether callers must present credentials.</summary>
public enum AuthMode
{
    /// <summary>Nobody authenticates: every caller is a local admin (<c>anonymous</c>). Only while every listen address is loopback.</summary>
    None,

    /// <summary>Every call but <c>/</c> and the health probes needs an API key or a JWT.</summary>
    Required,
}
